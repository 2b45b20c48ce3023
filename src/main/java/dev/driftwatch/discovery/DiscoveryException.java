package dev.driftwatch.discovery;

/** A source that could not be read; the message names the source's endpoint and the cause, never a credential. */
public class DiscoveryException extends Exception {
    public DiscoveryException(String message) {
        super(message, null, false, false);
    }
}
