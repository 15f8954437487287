package dev.edgevm.kubevirt.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.kubevirt.model.cdi.DataVolume;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class WireModelTest {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    @Test
    void readingAVmi_toleratesFieldsTheModelDoesNotKnow() {
        String vmi = """
                {"apiVersion":"kubevirt.io/v1","kind":"VirtualMachineInstance",
                 "metadata":{"name":"centos-vm","namespace":"default","futureMetaField":1},
                 "spec":{"domain":{"devices":{},"firmware":{"uuid":"x"}},"brandNewField":{"a":[1,2]}},
                 "status":{"phase":"Running","nodeName":"node01","guestOSInfo":{"id":"centos"},
                           "interfaces":[{"name":"default","ipAddress":"10.244.1.7","ipAddresses":["10.244.1.7"],
                                          "mac":"02:00:00:00:00:01","queueCount":1}],
                           "conditions":[{"type":"Ready","status":"True","lastProbeTime":null}]}}
                """;

        VirtualMachineInstance read = JSON.unmarshal(vmi, VirtualMachineInstance.class);

        assertThat(read.getStatus().phase()).isEqualTo("Running");
        assertThat(read.getStatus().nodeName()).isEqualTo("node01");
        assertThat(read.getStatus().interfaces().get(0).ipAddress()).isEqualTo("10.244.1.7");
        assertThat(read.getStatus().conditions().get(0).type()).isEqualTo("Ready");
    }

    @Test
    void writing_sendsNoNulls() {
        DataVolume dv = new DataVolume();
        dv.setSpec(new dev.edgevm.kubevirt.model.cdi.DataVolumeSpec(
                new dev.edgevm.kubevirt.model.cdi.DataVolumeSource(Empty.INSTANCE, null, null), null, null, null, null));

        String json = JSON.asJson(dv);

        assertThat(json).contains("\"upload\":{}").doesNotContain("null").doesNotContain("blank");
    }
}
