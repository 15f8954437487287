package dev.edgevm.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest; a build from sources says so. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = EdgeVmCommand.class.getPackage().getImplementationVersion();
        return new String[] {"edgevm " + (version == null ? "(development build)" : version),
            "Java ${java.version}, ${os.name} ${os.arch}"};
    }
}
