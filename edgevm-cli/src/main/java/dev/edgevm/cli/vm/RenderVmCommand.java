package dev.edgevm.cli.vm;

import dev.edgevm.cli.EdgeVmCommand;
import dev.edgevm.cli.options.OutputFormat;
import dev.edgevm.cli.options.PrintsResult;
import dev.edgevm.cli.options.UsesNamespace;
import dev.edgevm.cli.output.Structured;
import dev.edgevm.core.VmSpec;
import dev.edgevm.kubevirt.VmManifests;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import dev.edgevm.sriov.SriovNetwork;
import dev.edgevm.storage.pool.PoolConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code edgevm render vm}: every object {@code deploy} with the same flags would create (the
 * NetworkAttachmentDefinitions of SR-IOV NICs, the cloud-init Secret, DataVolumes for uploaded
 * disks, the VirtualMachine), as multi-document YAML or a JSON List. Needs no cluster. The
 * node-local volumes deploy allocates for an uploaded disk depend on the node and on which volume
 * numbers are free then: a comment says what they will be (on stderr with {@code -o json}).
 */
@Command(name = "vm", header = "Print the objects deploying a VM would create (no cluster needed).",
        description = {"", "-n puts the objects in that namespace (default: none, as kubectl apply -n decides).", ""},
        mixinStandardHelpOptions = true, sortOptions = false)
public final class RenderVmCommand implements Callable<Integer>, UsesNamespace, PrintsResult {

    @Spec
    CommandSpec spec;

    @Mixin
    VmSpecOptions vm;

    @Override
    public List<OutputFormat> formats() {
        return List.of(OutputFormat.YAML, OutputFormat.JSON);
    }

    @Override
    public Integer call() {
        OutputFormat format = EdgeVmCommand.format(spec, this);
        VmSpec built = vm.toSpec(EdgeVmCommand.of(spec).cluster().givenNamespace().orElse(null));
        VmManifests manifests = VmManifests.of(built);
        List<HasMetadata> objects = new ArrayList<>();
        SriovNetwork.neededBy(built).forEach(n -> objects.add(n.toNetworkAttachmentDefinition()));
        objects.addAll(manifests.all());
        PrintWriter out = spec.commandLine().getOut();
        if (format == OutputFormat.JSON) {
            Map<String, Object> list = new LinkedHashMap<>();
            list.put("apiVersion", "v1");
            list.put("kind", "List");
            list.put("items", objects);
            manifests.uploadDataVolumes().forEach(dv -> spec.commandLine().getErr().println("note: " + String.join(" ", volumesNote(built, dv))));
            Structured.print(out, format, list);
            return 0;
        }
        for (HasMetadata object : objects) {
            out.print("---\n");
            if (object instanceof DataVolume dv && manifests.uploadDataVolumes().contains(dv)) {
                volumesNote(built, dv).forEach(line -> out.print("# " + line + "\n"));
            }
            out.print(Structured.yaml(object));
        }
        out.flush();
        return 0;
    }

    /** What deploy allocates for an uploaded disk's DataVolume besides it: the pool's two volumes, or nothing. */
    private static List<String> volumesNote(VmSpec spec, DataVolume dv) {
        String name = dv.getMetadata().getName();
        String storageClass = dv.getSpec().storage().storageClassName();
        PoolConfig pool = PoolConfig.defaults();
        if (!pool.storageClass().equals(storageClass)) {
            return List.of("DataVolume " + name + ": its claims are provisioned by storage class " + storageClass
                    + "; deploy allocates no node-local volume for it.");
        }
        String node = spec.node().orElse("the node with the most free volumes where the VM may run (the VM is then pinned there)");
        return List.of(
                "DataVolume " + name + ": deploy also allocates two node-local PersistentVolumes of storage class " + storageClass,
                "on " + node + ", named <node>-" + pool.volumePrefix() + "<N> with the lowest free numbers at that time:",
                "one for the data (" + pool.baseDirectory() + pool.volumePrefix() + "<N>, pre-bound to claim " + name + ") and one for"
                        + " CDI's scratch space (pre-bound to " + name + "-scratch, wiped and freed after the upload).",
                "They are not rendered: their names depend on the cluster.");
    }
}
