package dev.driftwatch.config;

import java.util.List;

/** Implemented by check settings that hold credentials, so that their values can be scrubbed from every output. */
public interface HasSecrets {
    List<Secret> secrets();
}
