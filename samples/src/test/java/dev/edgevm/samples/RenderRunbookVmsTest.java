package dev.edgevm.samples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RenderRunbookVmsTest {

    @Test
    void rendersTheThreeRunbookVms() {
        assertThat(RenderRunbookVms.stateless()).contains("name: \"cirros-stateless-vm\"").contains("runStrategy: \"Always\"");
        assertThat(RenderRunbookVms.stateful(RenderRunbookVms.PUBLIC_KEY)).contains("kind: \"Secret\"")
                .contains("claimName: \"centos-dv\"").doesNotContain("ops@controller");
        assertThat(RenderRunbookVms.sriov()).contains("sriov: {}").contains("networkName: \"sriov-openness-vm\"");
    }
}
