package dev.edgevm.embedded.internal.jobs;

import dev.edgevm.embedded.internal.json.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What a container runs: {@code command} then {@code args}; without a command the arguments are
 * the whole command line, as with images that have no entrypoint (the image itself is not
 * consulted). Kubernetes' {@code $(VAR)} references to the container's env are expanded.
 */
record ContainerCommand(String executable, List<String> arguments) {

  /** The command of a container, or null when it names none. */
  static ContainerCommand of(JsonNode container) {
    List<String> line = new ArrayList<>();
    Json.items(container, "command").forEach(part -> line.add(expand(part.asString(), container)));
    Json.items(container, "args").forEach(part -> line.add(expand(part.asString(), container)));
    if (line.isEmpty()) {
      return null;
    }
    return new ContainerCommand(line.get(0), List.copyOf(line.subList(1, line.size())));
  }

  static boolean hasCommand(JsonNode container) {
    return !Json.items(container, "command").isEmpty() || !Json.items(container, "args").isEmpty();
  }

  /** {@code $(NAME)} becomes the value of env NAME; {@code $$} is a literal {@code $}. */
  private static String expand(String text, JsonNode container) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
        out.append('$');
        i++;
      } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '(') {
        int end = text.indexOf(')', i);
        String name = end < 0 ? null : text.substring(i + 2, end);
        String value = name == null ? null : env(container, name);
        if (value == null) {
          out.append(c);
        } else {
          out.append(value);
          i = end;
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String env(JsonNode container, String name) {
    for (JsonNode variable : Json.items(container, "env")) {
      if (name.equals(Json.text(variable, "name"))) {
        return Json.text(variable, "value");
      }
    }
    return null;
  }
}
