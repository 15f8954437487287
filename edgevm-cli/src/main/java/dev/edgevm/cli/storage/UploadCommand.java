package dev.edgevm.cli.storage;

import dev.edgevm.cli.EdgeVmCommand;
import dev.edgevm.cli.cluster.Session;
import dev.edgevm.cli.options.ClusterCommand;
import dev.edgevm.cli.options.OutputFormat;
import dev.edgevm.cli.options.PrintsResult;
import dev.edgevm.cli.output.ProgressDisplay;
import dev.edgevm.cli.output.Structured;
import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.core.KubernetesNames;
import dev.edgevm.core.Quantity;
import dev.edgevm.core.Violation;
import dev.edgevm.core.Violations;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.upload.DataVolumeUpload;
import dev.edgevm.storage.upload.UploadOptions;
import dev.edgevm.storage.upload.UploadTls;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgevm upload}: the runbook's {@code virtctl image-upload dv NAME --image-path=FILE --size=QTY
 * --storage-class=SC --uploadproxy-url=URL --insecure}. The pool allocates the node-local volume
 * and CDI's scratch volume, the DataVolume is created, the image is streamed to CDI's upload proxy
 * (TLS verified against the CA CDI publishes, unless {@code --insecure}) and CDI's processing is
 * waited for. Every flag, and the image itself, is checked before the cluster is contacted; a
 * failure later undoes what the upload created.
 */
@Command(name = "upload", header = "Upload a disk image into a new DataVolume through CDI (virtctl image-upload dv).",
        mixinStandardHelpOptions = true, sortOptions = false)
public final class UploadCommand implements Callable<Integer>, ClusterCommand, PrintsResult {

    /** The SDK's names of the upload's arguments, and the flags that set them. */
    private static final Map<String, String> FLAGS = Map.of("dataVolume", "--dv", "imagePath", "--image", "size", "--size",
            "storageClass", "--storage-class", "node", "--node", "namespace", "--namespace");

    @Spec
    CommandSpec spec;

    @Option(names = "--dv", paramLabel = "NAME", description = "The DataVolume to create, e.g. centos-dv (required).")
    String dataVolume;

    @Option(names = "--image", paramLabel = "FILE", description = "The disk image: qcow2, raw, vmdk, vdi, vhd or vhdx (required).")
    Path image;

    @Option(names = "--size", paramLabel = "QTY", description = "The DataVolume's size, e.g. 15Gi; the image's virtual size must fit (required).")
    String size;

    @Option(names = "--storage-class", paramLabel = "SC", description = "Storage class (default: the volume pool's, local-storage).")
    String storageClass;

    @Option(names = "--node", paramLabel = "NODE",
            description = "The node whose local volume receives the image (default: the node with the most free volumes).")
    String node;

    @Option(names = "--uploadproxy-url", paramLabel = "URL",
            description = "CDI's upload proxy, e.g. https://10.0.0.5:443 (default: from CDIConfig status.uploadProxyURL).")
    String uploadProxyUrl;

    @Option(names = "--insecure", description = "Do not verify the upload proxy's certificate (default: verify it against CDI's CA).")
    boolean insecure;

    @Override
    public Integer call() {
        OutputFormat format = EdgeVmCommand.format(spec, this);
        Checked flags = check();
        PrintWriter out = spec.commandLine().getOut();
        if (insecure) {
            spec.commandLine().getErr().println("warning: --insecure: the upload proxy's certificate is not verified");
            spec.commandLine().getErr().flush();
        }
        DataVolumeUpload done;
        try (Session session = EdgeVmCommand.connect(spec);
             ProgressDisplay progress = EdgeVmCommand.progress(spec, format, "  ")) {
            EdgeStorage storage = EdgeStorage.of(session.edge());
            if (flags.proxy() != null || insecure) {
                storage.configure(c -> {
                    if (flags.proxy() != null) {
                        c.uploadProxyUrl(flags.proxy());
                    }
                    if (insecure) {
                        c.uploadTls(UploadTls.insecure());
                    }
                });
            }
            UploadOptions.Builder options = UploadOptions.builder().namespace(session.namespace());
            if (storageClass != null) {
                options.storageClass(storageClass);
            }
            if (node != null) {
                options.node(node);
            }
            done = storage.uploads().upload(dataVolume, image, flags.size(), options.build(), progress);
        } catch (InvalidSpecException refused) {
            throw underFlags(refused);
        }
        if (format == OutputFormat.TABLE) {
            out.println(describe(done));
            out.flush();
        } else {
            Structured.print(out, format, map(done));
        }
        return 0;
    }

    static Map<String, Object> map(DataVolumeUpload done) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataVolume", done.dataVolume());
        m.put("namespace", done.namespace());
        m.put("alreadyDone", done.alreadyDone());
        m.put("format", done.format());
        m.put("bytesSent", done.bytesSent());
        m.put("attempts", done.attempts());
        m.put("elapsedSeconds", done.elapsed().toMillis() / 1000.0);
        done.node().ifPresent(n -> m.put("node", n));
        m.put("volumes", done.volumes());
        return m;
    }

    /** {@code DataVolume default/centos-dv Succeeded: 27.0 MiB of qcow2 in 1 attempt (1s), on node01 (node01-vol0)}. */
    public static String describe(DataVolumeUpload done) {
        // The data volume comes first; a scratch volume after it was returned to the pool already.
        String where = done.node().map(n -> ", on " + n).orElse("") + (done.volumes().isEmpty() ? "" : " (" + done.volumes().get(0) + ")");
        String ref = "DataVolume " + done.namespace() + "/" + done.dataVolume();
        if (done.alreadyDone()) {
            return ref + " had already Succeeded; nothing was sent" + where;
        }
        return ref + " Succeeded: " + ProgressDisplay.bytes(done.bytesSent()) + " of " + done.format() + " in " + done.attempts()
                + (done.attempts() == 1 ? " attempt" : " attempts") + " (" + ProgressDisplay.duration(done.elapsed()) + ")" + where;
    }

    /** What the SDK refused after reading the cluster (a storage class it lacks, a node), named by the flags. */
    private static InvalidSpecException underFlags(InvalidSpecException e) {
        return new InvalidSpecException("upload", e.violations().stream()
                .map(v -> Violation.of(FLAGS.getOrDefault(v.path(), v.path()), v.message())).toList());
    }

    /** Every flag's problem at once (exit 2), before anything is sent. */
    private Checked check() {
        Violations v = Violations.collect();
        if (dataVolume == null) {
            v.add("--dv", "is required: the DataVolume to create, e.g. --dv centos-dv");
        } else {
            KubernetesNames.checkLabelName(v, "--dv", dataVolume);
        }
        if (image == null) {
            v.add("--image", "is required: the disk image file to upload");
        } else {
            v.addAll(ImageFlags.file("--image", image));
        }
        Quantity parsed = null;
        if (size == null) {
            v.add("--size", "is required: the DataVolume's size, e.g. --size 15Gi");
        } else {
            parsed = Quantity.tryParse(size).orElse(null);
            if (parsed == null) {
                v.add("--size", Quantity.problem(size));
            } else {
                v.require(parsed.isPositive(), "--size", "must be a positive size, e.g. 15Gi");
            }
        }
        v.addAll(ImageFlags.check("--image", image, "--size", parsed));
        if (storageClass != null) {
            v.require(KubernetesNames.isDns1123Subdomain(storageClass), "--storage-class",
                    "'" + storageClass + "' is not a valid storage class name (lower-case letters, digits, '-', '.')");
        }
        if (node != null) {
            v.require(KubernetesNames.isDns1123Subdomain(node), "--node",
                    "'" + node + "' is not a valid node name (lower-case letters, digits, '-', '.')");
        }
        KubernetesNames.checkLabelName(v, "--namespace", EdgeVmCommand.of(spec).cluster().namespace());
        URI proxy = uploadProxyUrl == null ? null : proxy(v);
        v.throwIfAny("upload");
        return new Checked(parsed, proxy);
    }

    private URI proxy(Violations v) {
        try {
            URI uri = new URI(uploadProxyUrl);
            if ("https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below, in the words every other bad URL gets
        }
        v.add("--uploadproxy-url", "'" + uploadProxyUrl + "' is not an https URL with a host, e.g. https://10.0.0.5:443");
        return null;
    }

    private record Checked(Quantity size, URI proxy) {}
}
