package dev.edgevm.kubevirt;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the cluster says about a VM at one moment: its printable status (as {@code kubectl get vm}
 * shows it), its instance's phase and node, conditions and NICs. A VM that does not exist is
 * represented too ({@link #exists()} false), so waits can report it as their last state.
 */
public final class VmStatus {

    private final String namespace;
    private final String name;
    private final boolean exists;
    private final String printableStatus;
    private final String runStrategy;
    private final boolean ready;
    private final String phase;
    private final String instanceUid;
    private final List<String> stateChangeRequests;
    private final String node;
    private final List<VmCondition> conditions;
    private final List<VmInterface> interfaces;
    private final List<String> containerDiskImages;

    private VmStatus(Builder b) {
        this.namespace = b.namespace;
        this.name = b.name;
        this.exists = b.exists;
        this.printableStatus = b.printableStatus == null ? "" : b.printableStatus;
        this.runStrategy = b.runStrategy;
        this.ready = b.ready;
        this.phase = b.phase;
        this.instanceUid = b.instanceUid;
        this.stateChangeRequests = List.copyOf(b.stateChangeRequests);
        this.node = b.node;
        this.conditions = List.copyOf(b.conditions);
        this.interfaces = List.copyOf(b.interfaces);
        this.containerDiskImages = List.copyOf(b.containerDiskImages);
    }

    /** The state of a VM that does not exist. */
    public static VmStatus absent(String namespace, String name) {
        Builder b = builder(namespace, name);
        b.exists = false;
        return b.build();
    }

    public static Builder builder(String namespace, String name) {
        return new Builder(namespace, name);
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    public boolean exists() {
        return exists;
    }

    /** KubeVirt's summary: Stopped, Provisioning, Starting, Running, Paused, Stopping, Terminating, ErrorUnschedulable, ErrImagePull, ... */
    public String printableStatus() {
        return printableStatus;
    }

    public Optional<String> runStrategy() {
        return Optional.ofNullable(runStrategy);
    }

    /** Whether the VM's instance is running and ready. */
    public boolean ready() {
        return ready;
    }

    /** The instance's phase (Pending, Scheduling, Scheduled, Running, Succeeded, Failed), when an instance exists. */
    public Optional<String> phase() {
        return Optional.ofNullable(phase);
    }

    /**
     * The uid of the instance the status is about: each start or restart creates a new instance
     * (of the same name), so the uid tells them apart.
     */
    public Optional<String> instanceUid() {
        return Optional.ofNullable(instanceUid);
    }

    /**
     * Starts and stops KubeVirt has been asked for and not yet carried out, oldest first: e.g.
     * {@code [Stop, Start]} while a restart is under way. A VM with pending requests is on its way
     * to another state.
     */
    public List<String> stateChangeRequests() {
        return stateChangeRequests;
    }

    /** The node the instance runs on. */
    public Optional<String> node() {
        return Optional.ofNullable(node);
    }

    public List<VmCondition> conditions() {
        return conditions;
    }

    /** The first condition of this type that is present, VM conditions before instance conditions. */
    public Optional<VmCondition> condition(String type) {
        return conditions.stream().filter(c -> type.equals(c.type())).findFirst();
    }

    public List<VmInterface> interfaces() {
        return interfaces;
    }

    /** The address of the first NIC that has one: the pod network's, for a VM that has it. */
    public Optional<String> ipAddress() {
        return interfaces.stream().map(VmInterface::ipAddress).flatMap(Optional::stream).findFirst();
    }

    /** The container disk images the VM uses, to name the one a pull error is about. */
    public List<String> containerDiskImages() {
        return containerDiskImages;
    }

    /** One line for messages: {@code Running (instance Running on node01, 10.244.1.7)}. */
    @Override
    public String toString() {
        if (!exists) {
            return "absent";
        }
        StringBuilder sb = new StringBuilder(printableStatus.isEmpty() ? "no status yet" : printableStatus);
        if (phase != null) {
            sb.append(" (instance ").append(phase);
            node().ifPresent(n -> sb.append(" on ").append(n));
            ipAddress().ifPresent(ip -> sb.append(", ").append(ip));
            sb.append(')');
        }
        if (!stateChangeRequests.isEmpty()) {
            sb.append("; pending ").append(String.join(", ", stateChangeRequests));
        }
        // KubeVirt mirrors most instance conditions onto the VM: each is said once.
        List<String> notes = conditions.stream().filter(c -> c.message() != null && !c.message().isEmpty() && !c.isTrue())
                .map(c -> c.type() + ": " + c.message()).distinct().collect(Collectors.toList());
        if (!notes.isEmpty()) {
            sb.append("; ").append(String.join("; ", notes));
        }
        return sb.toString();
    }

    /** Builds a status; the SDK reads it from VirtualMachine and VirtualMachineInstance objects. */
    public static final class Builder {
        private final String namespace;
        private final String name;
        private boolean exists = true;
        private String printableStatus;
        private String runStrategy;
        private boolean ready;
        private String phase;
        private String instanceUid;
        private List<String> stateChangeRequests = List.of();
        private String node;
        private List<VmCondition> conditions = List.of();
        private List<VmInterface> interfaces = List.of();
        private List<String> containerDiskImages = List.of();

        private Builder(String namespace, String name) {
            this.namespace = namespace;
            this.name = name;
        }

        public Builder printableStatus(String s) {
            this.printableStatus = s;
            return this;
        }

        public Builder runStrategy(String s) {
            this.runStrategy = s;
            return this;
        }

        public Builder ready(boolean r) {
            this.ready = r;
            return this;
        }

        public Builder phase(String p) {
            this.phase = p;
            return this;
        }

        public Builder instanceUid(String uid) {
            this.instanceUid = uid;
            return this;
        }

        /** The actions of the VM's pending state change requests ({@code Start}, {@code Stop}), oldest first. */
        public Builder stateChangeRequests(List<String> actions) {
            this.stateChangeRequests = actions;
            return this;
        }

        public Builder node(String n) {
            this.node = n;
            return this;
        }

        public Builder conditions(List<VmCondition> c) {
            this.conditions = c;
            return this;
        }

        public Builder interfaces(List<VmInterface> i) {
            this.interfaces = i;
            return this;
        }

        public Builder containerDiskImages(List<String> images) {
            this.containerDiskImages = images;
            return this;
        }

        public VmStatus build() {
            return new VmStatus(this);
        }
    }
}
