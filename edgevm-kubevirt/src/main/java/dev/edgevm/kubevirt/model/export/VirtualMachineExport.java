package dev.edgevm.kubevirt.model.export;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** KubeVirt's export of a claim, a stopped VM or a VM snapshot, served over HTTPS with a token. */
@Group("export.kubevirt.io")
@Version("v1")
@Kind("VirtualMachineExport")
@Plural("virtualmachineexports")
@ShortNames({"vmexport", "vmexports"})
@JsonIgnoreProperties(ignoreUnknown = true)
public final class VirtualMachineExport extends CustomResource<VirtualMachineExportSpec, VirtualMachineExportStatus> implements Namespaced {

    public static final String API_VERSION = "export.kubevirt.io/v1";
    /** The header (or query parameter) that carries the export's token. */
    public static final String TOKEN_HEADER = "x-kubevirt-export-token";
    /** The key of the token in the export's token Secret. */
    public static final String TOKEN_KEY = "token";
}
