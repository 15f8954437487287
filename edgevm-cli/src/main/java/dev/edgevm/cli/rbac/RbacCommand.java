package dev.edgevm.cli.rbac;

import dev.edgevm.cli.EdgeVmCommand;
import dev.edgevm.cli.options.OutputFormat;
import dev.edgevm.cli.options.PrintsResult;
import dev.edgevm.cli.options.UsesNamespace;
import dev.edgevm.cli.output.Structured;
import dev.edgevm.cli.rbac.PermissionRule.Scope;
import dev.edgevm.core.KubernetesNames;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code edgevm rbac}: the permissions the SDK needs, to apply with kubectl. By default a Role in
 * the VMs' namespace for what it does there (VMs, their Secrets, DataVolumes, claims, Jobs...) and a
 * ClusterRole only for what is cluster-wide (nodes, PersistentVolumes, storage classes, KubeVirt's
 * and CDI's CRs, namespaces for the doctor, pods in other namespaces), each with its binding;
 * {@code --cluster-wide} puts everything in one ClusterRole, for VMs in every namespace. The YAML
 * says, rule by rule, which feature uses what.
 */
@Command(name = "rbac", header = "Print the Role and ClusterRole the SDK needs, with bindings (kubectl apply -f -).",
        description = {"", "-n is the namespace of the VMs, where the Role and its binding go (default: default).", ""},
        mixinStandardHelpOptions = true, sortOptions = false)
public final class RbacCommand implements Callable<Integer>, UsesNamespace, PrintsResult {

    private static final String RBAC_GROUP = "rbac.authorization.k8s.io";

    @Spec
    CommandSpec spec;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "edgevm", description = "The roles' and bindings' name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--service-account", paramLabel = "[NS:]NAME", defaultValue = "edgevm",
            description = "Who the bindings grant it to: a service account, in the VMs' namespace unless NS: says (default: ${DEFAULT-VALUE}).")
    String serviceAccount;

    @Option(names = "--cluster-wide", description = "One ClusterRole with every rule (and a ClusterRoleBinding): for VMs in any namespace.")
    boolean clusterWide;

    @Override
    public List<OutputFormat> formats() {
        return List.of(OutputFormat.YAML, OutputFormat.JSON);
    }

    @Override
    public Integer call() {
        OutputFormat format = EdgeVmCommand.format(spec, this);
        String namespace = EdgeVmCommand.of(spec).cluster().namespace();
        if (!name.matches("[a-z0-9]([-a-z0-9.:]*[a-z0-9])?")) {
            throw new ParameterException(spec.commandLine(), "--name: '" + name + "' is not a valid role name"
                    + " (lower-case letters, digits, '-', '.', ':')");
        }
        Subject subject = subject(namespace);
        List<Document> documents = documents(name, namespace, subject, clusterWide);
        PrintWriter out = spec.commandLine().getOut();
        if (format == OutputFormat.JSON) {
            Map<String, Object> list = new LinkedHashMap<>();
            list.put("apiVersion", "v1");
            list.put("kind", "List");
            list.put("items", documents.stream().map(Document::object).toList());
            Structured.print(out, format, list);
        } else {
            out.print(documents.stream().map(Document::yaml).collect(Collectors.joining("---\n")));
            out.flush();
        }
        return 0;
    }

    private Subject subject(String namespace) {
        String[] parts = serviceAccount.split(":", -1);
        String accountNamespace = parts.length == 2 ? parts[0] : namespace;
        String account = parts[parts.length - 1];
        if (parts.length > 2 || !KubernetesNames.isDns1123Label(accountNamespace) || !KubernetesNames.isDns1123Subdomain(account)) {
            throw new ParameterException(spec.commandLine(), "--service-account: '" + serviceAccount
                    + "' is not [NAMESPACE:]NAME of a service account, e.g. edge:vm-operator");
        }
        return new SubjectBuilder().withKind("ServiceAccount").withName(account).withNamespace(accountNamespace).build();
    }

    /** One object to print, with the YAML that explains it. */
    record Document(HasMetadata object, String yaml) {}

    /** The roles and bindings, in the order to apply them. */
    static List<Document> documents(String name, String namespace, Subject subject, boolean clusterWide) {
        List<Document> documents = new ArrayList<>();
        if (clusterWide) {
            documents.add(clusterRole(name, SdkPermissions.rules(), "Everything the edgevm SDK calls, in every namespace."));
        } else {
            List<PermissionRule> inNamespace = SdkPermissions.rules(Scope.NAMESPACE);
            documents.add(document(new RoleBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                    .withRules(policy(inNamespace)).build(), "What the edgevm SDK calls in the namespace of its VMs.", inNamespace));
            documents.add(document(new RoleBindingBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                    .withNewRoleRef(RBAC_GROUP, "Role", name).withSubjects(subject).build(),
                    "Grants the Role to who runs the SDK (change the subject with --service-account).", List.of()));
            documents.add(clusterRole(name, SdkPermissions.rules(Scope.CLUSTER),
                    "What the edgevm SDK calls cluster-wide: cluster-scoped objects, and pods and policies in"
                            + " KubeVirt's, CDI's and the device plugin's namespaces."));
        }
        documents.add(document(new ClusterRoleBindingBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewRoleRef(RBAC_GROUP, "ClusterRole", name).withSubjects(subject).build(),
                "Grants the ClusterRole to who runs the SDK (change the subject with --service-account).", List.of()));
        return documents;
    }

    private static Document clusterRole(String name, List<PermissionRule> rules, String comment) {
        return document(new ClusterRoleBuilder().withNewMetadata().withName(name).endMetadata().withRules(policy(rules)).build(), comment, rules);
    }

    private static List<PolicyRule> policy(List<PermissionRule> rules) {
        return rules.stream().map(r -> new PolicyRuleBuilder().withApiGroups(r.apiGroups()).withResources(r.resources())
                .withVerbs(r.verbs()).build()).collect(Collectors.toList());
    }

    /** The object as YAML: a comment saying what it is for, and one before each group of rules saying which feature uses them. */
    private static Document document(HasMetadata object, String comment, List<PermissionRule> rules) {
        String yaml = Structured.yaml(object);
        int rulesAt = yaml.indexOf("\nrules:\n");
        StringBuilder sb = new StringBuilder("# ").append(comment).append('\n')
                .append(rulesAt < 0 ? yaml : yaml.substring(0, rulesAt + 1));
        if (rulesAt >= 0) {
            sb.append("rules:\n");
            String purpose = null;
            for (PermissionRule r : rules) {
                if (!r.purpose().equals(purpose)) {
                    purpose = r.purpose();
                    sb.append("# ").append(purpose).append('\n');
                }
                sb.append("- apiGroups: ").append(flow(r.apiGroups())).append('\n')
                        .append("  resources: ").append(flow(r.resources())).append('\n')
                        .append("  verbs: ").append(flow(r.verbs())).append('\n');
            }
        }
        return new Document(object, sb.toString());
    }

    private static String flow(List<String> items) {
        return items.stream().map(i -> "\"" + i + "\"").collect(Collectors.joining(", ", "[", "]"));
    }
}
