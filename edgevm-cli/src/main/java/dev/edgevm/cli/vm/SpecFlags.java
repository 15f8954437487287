package dev.edgevm.cli.vm;

import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.core.Violation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which flag of {@code render vm} and {@code deploy} set each field of the {@code VmSpec}, so a
 * problem the SDK finds is reported under the flag the user typed ({@code --cores}, not
 * {@code cpuCores}). The SDK's path follows in parentheses where it says more than the flag: which
 * key of the key file, which of the packages.
 */
final class SpecFlags {

    /** Rules in order, the first match wins; {@code networks[...]} is the pod network or the SR-IOV NIC, whichever has the field. */
    private static final Map<Pattern, String> RULES = new LinkedHashMap<>();

    static {
        rule("name", "--name");
        rule("namespace", "--namespace");
        rule("cpu(Cores|Sockets|Threads)", "--cores");
        rule("memory", "--memory");
        rule("hugepages", "--hugepages");
        rule("node", "--node");
        rule("runStrategy", "--run-strategy");
        rule("rootDisk", "--container-disk, --claim, --upload-image");
        rule("rootDisk\\.image", "--container-disk");
        rule("rootDisk\\.claimName", "--claim");
        rule("rootDisk\\.imagePath", "--upload-image");
        rule("rootDisk\\.size", "--disk-size");
        rule("rootDisk\\.storageClass", "--storage-class");
        rule("rootDisk\\.node", "--node");
        rule("networks\\[[^]]*]\\.binding", "--pod-network");
        rule("networks\\[[^]]*]\\.gateways?(\\[\\d+])?", "--sriov-gateway");
        rule("networks\\[[^]]*]\\.macAddress", "--sriov-mac");
        rule("networks\\[[^]]*]\\.resource", "--sriov-resource");
        rule("networks\\[[^]]*]\\.addresses(\\[\\d+])?", "--sriov-address");
        rule("networks\\[[^]]*](\\.(network|name))?", "--sriov");
        rule("networks", "--pod-network, --sriov");
        rule("cloudInit\\.userData", "--user-data-file");
        rule("cloudInit\\.users\\[\\d+]\\.name", "--user");
        rule("cloudInit\\.users\\[\\d+]\\.sudo", "--sudo");
        rule("cloudInit\\.users\\[\\d+]\\.sshAuthorizedKeys(\\[\\d+])?", "--ssh-key-file");
        rule("cloudInit\\.packages(\\[\\d+])?", "--package");
        rule("cloudInit(\\..*)?", "--user-data-file, --user, --ssh-key-file, --sudo, --package");
    }

    /** Flags whose values become a list, where the SDK's index says which value is meant. */
    private static final Set<String> MANY_VALUES = Set.of("--package", "--ssh-key-file");

    private SpecFlags() {}

    private static void rule(String path, String flag) {
        RULES.put(Pattern.compile(path), flag);
    }

    /** The flag that set the field at {@code path}; a path no flag sets (or a flag already) is returned as it is. */
    static String of(String path) {
        if (path.startsWith("-")) {
            return path;
        }
        for (Map.Entry<Pattern, String> rule : RULES.entrySet()) {
            if (rule.getKey().matcher(path).matches()) {
                return MANY_VALUES.contains(rule.getValue()) && path.endsWith("]") ? rule.getValue() + " (" + path + ")" : rule.getValue();
            }
        }
        return path;
    }

    /** The same problems, each under its flag. */
    static InvalidSpecException underFlags(InvalidSpecException e) {
        return new InvalidSpecException(e.subject(), e.violations().stream().map(v -> Violation.of(of(v.path()), v.message())).toList());
    }
}
