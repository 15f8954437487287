package dev.edgevm.storage.containerdisk.internal;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.storage.containerdisk.BuiltContainerDisk;
import dev.edgevm.storage.containerdisk.ContainerDiskBuilder;
import dev.edgevm.storage.containerdisk.ContainerDiskException;
import dev.edgevm.storage.containerdisk.ContainerImageFormat;
import dev.edgevm.storage.containerdisk.RegistryAccess;
import dev.edgevm.storage.image.DiskImageInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the one-layer image with Jib Core. Reproducible: fixed timestamps, so the same file gives
 * the same digest. Jib's layer caches live in a temporary directory removed afterwards, and its
 * threads end with each build.
 */
public final class JibContainerDiskWriter {

    private static final Logger LOG = LoggerFactory.getLogger(JibContainerDiskWriter.class);
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}");
    private static final String OWNER = ContainerDiskBuilder.QEMU_UID + ":" + ContainerDiskBuilder.QEMU_UID;

    private JibContainerDiskWriter() {}

    /** The file's name under /disk/: its own when that is a plain name, else disk.qcow2 or disk.img. */
    public static String fileNameInImage(DiskImageInfo image) {
        String name = image.file().getFileName().toString();
        if (SAFE_NAME.matcher(name).matches()) {
            return name;
        }
        return image.format().equals("qcow2") ? "disk.qcow2" : "disk.img";
    }

    public static BuiltContainerDisk push(DiskImageInfo image, ContainerImageFormat format, String reference, RegistryAccess access) {
        ImageReference target = parse(reference);
        RegistryImage registry = RegistryImage.named(target);
        Consumer<LogEvent> log = e -> LOG.debug("jib: {}", e.getMessage());
        CredentialRetrieverFactory credentials = CredentialRetrieverFactory.forImage(target, log);
        if (access.username().isPresent()) {
            registry.addCredentialRetriever(credentials.known(
                    Credential.from(access.username().get(), access.password().orElse("")), "given credentials"));
        } else if (access.dockerConfigFile().isPresent()) {
            registry.addCredentialRetriever(credentials.dockerConfig(access.dockerConfigFile().get()));
        } else if (access.usesDefaultDockerConfig()) {
            registry.addCredentialRetriever(credentials.dockerConfig());
        }
        if (access.insecure()) {
            LOG.warn("Pushing {} to {} without verified TLS (the registry was marked insecure)",
                    image.file().getFileName(), target.getRegistry());
        } else {
            access.caPem().ifPresent(ca -> RegistryTrust.trust(target.getRegistry(), ca));
            RegistryTlsCheck.verify(target.getRegistry());
        }
        JibContainer pushed = containerize(image, format, Containerizer.to(registry).setAllowInsecureRegistries(access.insecure()),
                "push to " + target.getRegistry());
        return result(target, pushed, image, null);
    }

    public static BuiltContainerDisk tarball(DiskImageInfo image, ContainerImageFormat format, String reference, Path tarball) {
        ImageReference target = parse(reference);
        JibContainer written = containerize(image, format, Containerizer.to(TarImage.at(tarball).named(target)),
                "write " + tarball);
        return result(target, written, image, tarball);
    }

    private static JibContainer containerize(DiskImageInfo image, ContainerImageFormat format, Containerizer containerizer,
                                             String what) {
        Path cache = null;
        try {
            cache = Files.createTempDirectory("edgevm-containerdisk");
            FileEntriesLayer layer = FileEntriesLayer.builder()
                    .setName("disk")
                    .addEntry(image.file(), AbsoluteUnixPath.get(ContainerDiskBuilder.DISK_DIRECTORY + fileNameInImage(image)),
                            FilePermissions.fromOctalString(Integer.toOctalString(ContainerDiskBuilder.MODE)),
                            FileEntriesLayer.DEFAULT_MODIFICATION_TIME, OWNER)
                    .build();
            JibContainerBuilder builder = Jib.fromScratch()
                    .setFormat(format == ContainerImageFormat.OCI ? ImageFormat.OCI : ImageFormat.Docker)
                    .setCreationTime(Instant.EPOCH)
                    .addFileEntriesLayer(layer);
            return builder.containerize(containerizer
                    .setToolName("edgevm")
                    .setBaseImageLayersCache(cache.resolve("base"))
                    .setApplicationLayersCache(cache.resolve("layers"))
                    .addEventHandler(LogEvent.class, e -> LOG.debug("jib: {}", e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("container disk " + what + " was interrupted");
        } catch (ExecutionException | RegistryException | IOException | RuntimeException e) {
            throw translate(what, e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e);
        } catch (com.google.cloud.tools.jib.api.CacheDirectoryCreationException e) {
            throw new ContainerDiskException("cannot create a cache directory to " + what + ": " + e.getMessage(), false, e);
        } finally {
            deleteQuietly(cache);
        }
    }

    private static ContainerDiskException translate(String what, Throwable e) {
        if (e instanceof RegistryUnauthorizedException u) {
            return new ContainerDiskException("cannot " + what + ": the registry refused the credentials for "
                    + u.getImageReference() + " (log in with docker login, or give credentials)", false, e);
        }
        if (e instanceof InsecureRegistryException) {
            return new ContainerDiskException("cannot " + what + ": the registry does not offer TLS that can be verified;"
                    + " mark it insecure (RegistryAccess.allowInsecure()) only if that is intended", false, e);
        }
        boolean transient_ = e instanceof IOException || e instanceof RegistryException;
        return new ContainerDiskException("cannot " + what + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()),
                transient_, e);
    }

    private static BuiltContainerDisk result(ImageReference target, JibContainer container, DiskImageInfo image, Path tarball) {
        String repository = target.getRegistry() + "/" + target.getRepository();
        return new BuiltContainerDisk(repository, target.getQualifier(), container.getDigest().toString(), image, tarball);
    }

    private static ImageReference parse(String reference) {
        try {
            ImageReference parsed = ImageReference.parse(reference);
            if (parsed.getDigest().isPresent()) {
                throw InvalidSpecException.of("container disk", "reference",
                        "'" + reference + "' names a digest; give a repository with a tag, the digest is what the build produces");
            }
            return parsed;
        } catch (InvalidImageReferenceException e) {
            throw InvalidSpecException.of("container disk", "reference",
                    "'" + reference + "' is not an image reference: use registry[:port]/repository[:tag]");
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }
}
