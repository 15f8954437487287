package dev.edgevm.cli.image;

import dev.edgevm.cli.EdgeVmCommand;
import dev.edgevm.cli.options.OutputFormat;
import dev.edgevm.cli.options.PrintsResult;
import dev.edgevm.cli.output.Structured;
import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.core.Violation;
import dev.edgevm.storage.image.DiskImageInfo;
import dev.edgevm.storage.image.DiskImages;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code edgevm image info FILE}: format, virtual size and the flags that decide whether the file
 * can be uploaded or wrapped as a container disk, as the SDK's probe reads them (in agreement with
 * {@code qemu-img info}, without needing it). {@code -o json} prints an object for scripts.
 */
@Command(name = "info", header = "Show a disk image's format, virtual size and flags.", mixinStandardHelpOptions = true)
public final class ImageInfoCommand implements Callable<Integer>, PrintsResult {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The image file.")
    Path file;

    @Override
    public Integer call() {
        OutputFormat format = EdgeVmCommand.format(spec, this);
        DiskImageInfo info;
        try {
            info = DiskImages.probe(file);
        } catch (InvalidSpecException e) {
            // named by the argument typed, not by the SDK's field
            throw new InvalidSpecException(e.subject(), e.violations().stream()
                    .map(v -> Violation.of(v.path().equals("imagePath") ? "FILE" : "FILE (" + v.path() + ")", v.message())).toList());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == OutputFormat.TABLE) {
            printText(out, info);
        } else {
            Structured.print(out, format, map(info));
        }
        return 0;
    }

    /** The fields scripts rely on first ({@code format}, {@code virtualSize}, {@code backingFile}, {@code encrypted}, {@code compressed}), then details. */
    static Map<String, Object> map(DiskImageInfo info) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", info.file().toString());
        m.put("format", info.format());
        m.put("virtualSize", info.virtualSize());
        m.put("backingFile", info.backingFile().orElse(null));
        m.put("encrypted", info.encrypted());
        m.put("compressed", info.compressed().orElse(null));
        m.put("fileSize", info.fileSize());
        m.put("content", info.content().name());
        info.detected().ifPresent(d -> m.put("detected", d));
        info.subformat().ifPresent(s -> m.put("subformat", s));
        info.clusterSize().ifPresent(c -> m.put("clusterSize", c));
        info.compat().ifPresent(c -> m.put("compat", c));
        info.encryption().ifPresent(e -> m.put("encryptionFormat", e.qemuName()));
        info.compressionType().ifPresent(c -> m.put("compressionType", c));
        info.dataFile().ifPresent(d -> m.put("dataFile", d));
        if (!info.extentFiles().isEmpty()) {
            m.put("extentFiles", info.extentFiles());
        }
        m.put("dirty", info.dirty());
        m.put("corrupt", info.corrupt());
        return m;
    }

    /** Lines in the manner of {@code qemu-img info}. */
    private static void printText(PrintWriter out, DiskImageInfo info) {
        out.println("image: " + info.file());
        out.println("file format: " + info.format() + info.subformat().map(s -> " (" + s + ")").orElse(""));
        info.detected().ifPresent(d -> out.println("content: " + d));
        out.println("virtual size: " + human(info.virtualSize()) + " (" + info.virtualSize() + " bytes)");
        out.println("file size: " + human(info.fileSize()) + " (" + info.fileSize() + " bytes)");
        info.clusterSize().ifPresent(c -> out.println("cluster size: " + c));
        info.compat().ifPresent(c -> out.println("compat: " + c));
        out.println("backing file: " + info.backingFile().orElse("none"));
        out.println("encrypted: " + info.encryption().map(e -> "yes (" + e.qemuName() + ")").orElse("no"));
        out.println("compressed: " + info.compressed().map(c -> c ? "yes" : "no").orElse("unknown")
                + info.compressionType().map(t -> " (" + t + ")").orElse(""));
        if (!info.selfContained()) {
            out.println("data in other files: " + info.dataFile().map(java.util.List::of).orElse(info.extentFiles()));
        }
        if (info.dirty() || info.corrupt()) {
            out.println("state: " + (info.corrupt() ? "corrupt" : "dirty (not closed cleanly)"));
        }
        out.flush();
    }

    /** {@code 15 GiB}, {@code 1.5 MiB}, {@code 512 B}, as qemu-img shortens sizes. */
    static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : (value == Math.floor(value) ? String.format("%.0f %s", value, units[unit])
                : String.format("%.3g %s", value, units[unit]));
    }
}
