package dev.edgevm.core.internal;

import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/** The YAML writer for guest configuration documents: no document marker, quotes only where needed. */
public final class Yaml {

    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .enable(YAMLWriteFeature.LITERAL_BLOCK_STYLE)
            .enable(YAMLWriteFeature.INDENT_ARRAYS_WITH_INDICATOR)
            .disable(YAMLWriteFeature.SPLIT_LINES)
            .build();

    private Yaml() {}

    /** Writes plain maps, lists, strings, numbers and booleans as YAML, keeping map order. */
    public static String write(Object document) {
        return MAPPER.writeValueAsString(document);
    }
}
