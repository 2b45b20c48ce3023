package dev.driftwatch.config;

/** Told of every config that replaces the running one (and of the first). */
public interface ConfigListener {
    void onConfig(MonitorConfig config);
}
