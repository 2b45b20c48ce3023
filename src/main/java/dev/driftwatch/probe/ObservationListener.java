package dev.driftwatch.probe;

import dev.driftwatch.config.CheckDefinition;

/** Told of every observation, after the store has it. */
public interface ObservationListener {
    void onObservation(CheckDefinition check, Observation observation);

    /** The check no longer exists (config reload removed or replaced it). */
    default void onCheckRemoved(CheckDefinition check) {
    }
}
