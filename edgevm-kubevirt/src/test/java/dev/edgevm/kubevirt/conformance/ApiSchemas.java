package dev.edgevm.kubevirt.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The real KubeVirt and CDI OpenAPI documents, read from the directory named by the system property
 * {@code edgevm.schemas.dir}, made strict: every object definition with properties rejects unknown
 * fields, as a structural schema with strict field validation does.
 */
public final class ApiSchemas {

    public static final String KUBEVIRT = "kubevirt-openapi-v2.json";
    public static final String CDI = "cdi-openapi-v2.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Map<String, ObjectNode> DOCUMENTS = new ConcurrentHashMap<>();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private ApiSchemas() {}

    /** The schema directory, if it exists here. */
    public static Optional<Path> directory() {
        Path dir = Path.of(System.getProperty("edgevm.schemas.dir", "../../shared/schemas"));
        return Files.isRegularFile(dir.resolve(KUBEVIRT)) && Files.isRegularFile(dir.resolve(CDI)) ? Optional.of(dir) : Optional.empty();
    }

    public static String missingMessage() {
        return "the KubeVirt/CDI OpenAPI documents are not at " + System.getProperty("edgevm.schemas.dir", "../../shared/schemas")
                + " (set -Dedgevm.schemas.dir to the directory holding " + KUBEVIRT + " and " + CDI + ")";
    }

    /** Validation problems of {@code object} (serialized as the SDK sends it) against {@code definition}; empty when valid. */
    public static List<String> validate(String document, String definition, Object object) {
        JsonNode json;
        try {
            json = MAPPER.readTree(SERIALIZATION.asJson(object));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return schema(document, definition).validate(json).stream()
                .map(ValidationMessage::getMessage).sorted().collect(Collectors.toList());
    }

    private static JsonSchema schema(String document, String definition) {
        return SCHEMAS.computeIfAbsent(document + "#" + definition, key -> {
            ObjectNode root = MAPPER.createObjectNode();
            root.put("$ref", "#/definitions/" + definition);
            root.set("definitions", strictDefinitions(document));
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(root);
        });
    }

    private static JsonNode strictDefinitions(String document) {
        ObjectNode doc = DOCUMENTS.computeIfAbsent(document, ApiSchemas::read);
        ObjectNode definitions = ((ObjectNode) doc.get("definitions")).deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = definitions.properties().iterator(); it.hasNext(); ) {
            JsonNode def = it.next().getValue();
            if (def instanceof ObjectNode o && o.has("properties") && !o.has("additionalProperties")
                    && !o.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                o.put("additionalProperties", false);
            }
        }
        return definitions;
    }

    private static ObjectNode read(String document) {
        Path dir = directory().orElseThrow(() -> new IllegalStateException(missingMessage()));
        try {
            return (ObjectNode) MAPPER.readTree(dir.resolve(document).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
