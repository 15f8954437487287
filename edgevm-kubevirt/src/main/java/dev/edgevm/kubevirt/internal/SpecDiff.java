package dev.edgevm.kubevirt.internal;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where a desired object differs from what the cluster has: the paths of values the desired one
 * sets that the existing one has otherwise. Fields only the cluster set (its defaults) are ignored.
 */
final class SpecDiff {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final int MAX_REPORTED = 6;
    private static final List<String> GUEST_DATA = List.of("userData", "userDataBase64", "networkData", "networkDataBase64");

    private SpecDiff() {}

    static List<String> differences(Object desired, Object existing) {
        List<String> out = new ArrayList<>();
        compare("", JSON.convertValue(desired, JsonNode.class), JSON.convertValue(existing, JsonNode.class), out);
        return out;
    }

    private static void compare(String path, JsonNode want, JsonNode have, List<String> out) {
        if (out.size() >= MAX_REPORTED || want == null || want.isNull()) {
            return;
        }
        if (want.isObject() && have != null && have.isObject()) {
            for (Map.Entry<String, JsonNode> e : want.properties()) {
                compare(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), have.get(e.getKey()), out);
            }
        } else if (want.isArray() && have != null && have.isArray() && want.size() == have.size()) {
            for (int i = 0; i < want.size(); i++) {
                compare(path + "[" + i + "]", want.get(i), have.get(i), out);
            }
        } else if (!want.equals(have)) {
            out.add(isGuestData(path) ? path + ": differs (cloud-init data is not shown)"
                    : path + ": cluster has " + brief(have) + ", spec wants " + brief(want));
        }
    }

    private static JsonNode withoutGuestData(JsonNode node) {
        if (node instanceof ObjectNode o) {
            for (String field : GUEST_DATA) {
                if (o.has(field)) {
                    o.put(field, "(not shown)");
                }
            }
            o.properties().forEach(e -> withoutGuestData(e.getValue()));
        } else if (node.isArray()) {
            node.values().forEach(SpecDiff::withoutGuestData);
        }
        return node;
    }

    /** Cloud-init user and network data can hold secrets, so a difference there is named but never quoted. */
    private static boolean isGuestData(String path) {
        return GUEST_DATA.stream().anyMatch(field -> path.endsWith("." + field) || path.contains("." + field + "."));
    }

    private static String brief(JsonNode node) {
        if (node == null || node.isNull()) {
            return "nothing";
        }
        String s = withoutGuestData(node.deepCopy()).toString();
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
