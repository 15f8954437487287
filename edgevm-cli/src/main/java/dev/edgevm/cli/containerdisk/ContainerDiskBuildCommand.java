package dev.edgevm.cli.containerdisk;

import dev.edgevm.cli.EdgeVmCommand;
import dev.edgevm.cli.options.OutputFormat;
import dev.edgevm.cli.options.PrintsResult;
import dev.edgevm.cli.output.Structured;
import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.core.Violation;
import dev.edgevm.storage.containerdisk.BuiltContainerDisk;
import dev.edgevm.storage.containerdisk.ContainerDiskBuilder;
import dev.edgevm.storage.containerdisk.ContainerDisks;
import dev.edgevm.storage.containerdisk.ContainerImageFormat;
import dev.edgevm.storage.containerdisk.RegistryAccess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code edgevm containerdisk build --image FILE --tag REF (--push | --tar FILE)}: what the
 * runbook's {@code FROM scratch / ADD image.qcow2 /disk/} Dockerfile and {@code docker build}
 * make, with no Docker daemon. The image is probed first; the result is pinned by digest.
 */
@Command(name = "build", header = "Wrap a qcow2 or raw image as a container disk; push it or write a tarball.",
        mixinStandardHelpOptions = true, sortOptions = false)
public final class ContainerDiskBuildCommand implements Callable<Integer>, PrintsResult {

    @Spec
    CommandSpec spec;

    @Option(names = "--image", paramLabel = "FILE", required = true, description = "The qcow2 or raw disk image.")
    Path image;

    @Option(names = "--tag", paramLabel = "REF", required = true, description = "The image reference, e.g. registry.local:5000/vms/centos:7.")
    String tag;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Destination destination;

    /** Where the image goes: a registry, or a file. */
    static final class Destination {
        @Option(names = "--push", required = true, description = "Push it to the registry the tag names.")
        boolean push;

        @Option(names = "--tar", paramLabel = "FILE", required = true, description = "Write it as a tarball (OCI layout, or docker load archive with --format docker).")
        Path tarball;
    }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "OCI", description = "Manifest format: oci or docker (default: oci).")
    ContainerImageFormat format;

    @Option(names = "--docker-config", paramLabel = "FILE", description = "Registry credentials from this Docker config (default: ~/.docker/config.json).")
    Path dockerConfig;

    @Option(names = "--username", paramLabel = "NAME", description = "Registry user; the password is read from stdin.")
    String username;

    @Option(names = "--insecure", description = "Allow plain HTTP and unverified certificates for the registry.")
    boolean insecure;

    @Override
    public Integer call() {
        OutputFormat outputFormat = EdgeVmCommand.format(spec, this);
        if (destination.tarball != null && (dockerConfig != null || username != null || insecure)) {
            throw new ParameterException(spec.commandLine(), "--docker-config, --username and --insecure only apply with --push");
        }
        if (dockerConfig != null && username != null) {
            throw new ParameterException(spec.commandLine(), "give --docker-config or --username, not both");
        }
        PrintWriter out = spec.commandLine().getOut();
        ContainerDiskBuilder builder;
        BuiltContainerDisk built;
        try {
            builder = ContainerDisks.build(image).format(format);
            if (destination.push) {
                if (insecure) {
                    spec.commandLine().getErr().println("warning: --insecure: the registry's identity is not verified");
                }
                built = builder.pushTo(tag, access());
            } else {
                built = builder.writeTarball(destination.tarball, tag);
            }
        } catch (InvalidSpecException refused) {
            throw underFlags(refused);
        }
        if (outputFormat != OutputFormat.TABLE) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("reference", built.reference());
            result.put("taggedReference", built.taggedReference());
            result.put(destination.push ? "pushed" : "tarball", destination.push ? true : destination.tarball.toString());
            result.put("disk", builder.pathInImage());
            result.put("diskFormat", built.image().format());
            result.put("virtualSize", built.image().virtualSize());
            Structured.print(out, outputFormat, result);
            return 0;
        }
        out.println(destination.push ? "Pushed " + built.taggedReference() : "Wrote " + built.taggedReference() + " to " + destination.tarball);
        out.println("  disk " + builder.pathInImage() + ": " + built.image().format() + ", virtual size " + built.image().virtualSize() + " bytes");
        out.println("  reference " + built.reference());
        out.println("Use it with: edgevm deploy --container-disk " + built.reference() + " ...");
        out.flush();
        return 0;
    }

    /** The SDK's names of the build's arguments ({@code imagePath}), as the flags the user typed. */
    private static InvalidSpecException underFlags(InvalidSpecException e) {
        return new InvalidSpecException(e.subject(), e.violations().stream().map(v -> Violation.of(switch (v.path()) {
            case "imagePath" -> "--image";
            case "reference" -> "--tag";
            default -> v.path();
        }, v.message())).toList());
    }

    private RegistryAccess access() {
        RegistryAccess access;
        if (username != null) {
            access = RegistryAccess.credentials(username, password());
        } else if (dockerConfig != null) {
            access = RegistryAccess.dockerConfig(dockerConfig);
        } else {
            access = RegistryAccess.dockerConfig();
        }
        return insecure ? access.allowInsecure() : access;
    }

    /** The first line of stdin, so the password is neither in the shell history nor in the process list. */
    private String password() {
        try {
            byte[] all = EdgeVmCommand.of(spec).stdin().readAllBytes();
            String text = new String(all, StandardCharsets.UTF_8);
            String line = text.lines().findFirst().orElse("");
            if (line.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--username needs the password on stdin (e.g. < password-file)");
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the password from stdin: " + e.getMessage(), e);
        }
    }
}
