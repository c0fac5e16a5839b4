package io.multilane.perf.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * Reports the multilane version from the perf jar's manifest (or "dev" when run from
 * classes), plus the running JVM. Any thread.
 */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        final String version = MultilaneCli.class.getPackage().getImplementationVersion();
        return new String[] {
            "multilane " + (version == null ? "dev" : version),
            "JVM " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        };
    }
}
