package dev.edgevm.embedded.internal.kubevirt;

import dev.edgevm.embedded.internal.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The static addresses a guest configures from its cloud-init network data (the NoCloud or
 * ConfigDrive volume's {@code networkData}, {@code networkDataBase64} or the Secret in
 * {@code networkDataSecretRef}, key {@code networkdata} or {@code networkData}): version 2
 * ({@code ethernets.<id>.match.macaddress} / {@code addresses}) and version 1 ({@code config}
 * entries of type physical with static subnets). Addresses are keyed by lower-case MAC, or by the
 * ethernet id when it has no MAC match (e.g. "eth1").
 */
final class NetworkData {

  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private final Map<String, List<String>> byMac = new HashMap<>();
  private final Map<String, List<String>> byName = new HashMap<>();

  private NetworkData() {
  }

  /** The VMI's network data; {@code secrets} finds a Secret in the VMI's namespace by name (or null). */
  static NetworkData of(JsonNode vmi, Function<String, JsonNode> secrets) {
    NetworkData data = new NetworkData();
    for (JsonNode volume : Json.items(vmi, "spec", "volumes")) {
      for (String source : List.of("cloudInitNoCloud", "cloudInitConfigDrive")) {
        JsonNode cloudInit = volume.get(source);
        if (cloudInit != null) {
          String text = text(cloudInit, secrets);
          if (text != null) {
            data.parse(text);
          }
        }
      }
    }
    return data;
  }

  /** The addresses (without prefix length) configured for the NIC, matched by MAC, else by name. */
  List<String> addresses(String mac, String guestInterfaceName) {
    if (mac != null && byMac.containsKey(mac.toLowerCase(Locale.ROOT))) {
      return byMac.get(mac.toLowerCase(Locale.ROOT));
    }
    return byName.getOrDefault(guestInterfaceName, List.of());
  }

  private static String text(JsonNode cloudInit, Function<String, JsonNode> secrets) {
    String inline = Json.text(cloudInit, "networkData");
    if (inline != null) {
      return inline;
    }
    String encoded = Json.text(cloudInit, "networkDataBase64");
    if (encoded != null) {
      return decode(encoded);
    }
    String secretName = Json.text(cloudInit, "networkDataSecretRef", "name");
    if (secretName == null) {
      return null;
    }
    JsonNode secret = secrets.apply(secretName);
    if (secret == null) {
      return null;
    }
    for (String key : List.of("networkdata", "networkData")) {
      String value = Json.text(secret, "data", key);
      if (value != null) {
        return decode(value);
      }
      String plain = Json.text(secret, "stringData", key);
      if (plain != null) {
        return plain;
      }
    }
    return null;
  }

  private static String decode(String base64) {
    try {
      return new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private void parse(String text) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (RuntimeException e) {
      return;
    }
    if (root == null || !root.isObject()) {
      return;
    }
    if (root.has("network") && root.get("network").isObject()) {
      root = root.get("network");
    }
    JsonNode ethernets = root.get("ethernets");
    if (ethernets != null && ethernets.isObject()) {
      for (Map.Entry<String, JsonNode> ethernet : ethernets.properties()) {
        List<String> addresses = new ArrayList<>();
        Json.items(ethernet.getValue(), "addresses").forEach(a -> addresses.add(withoutPrefix(a.asString())));
        record(Json.text(ethernet.getValue(), "match", "macaddress"), ethernet.getKey(), addresses);
      }
    }
    for (JsonNode entry : Json.items(root, "config")) {
      if (!"physical".equals(Json.text(entry, "type"))) {
        continue;
      }
      List<String> addresses = new ArrayList<>();
      for (JsonNode subnet : Json.items(entry, "subnets")) {
        String address = Json.text(subnet, "address");
        if (address != null && (subnet.path("type").asString("").startsWith("static"))) {
          addresses.add(withoutPrefix(address));
        }
      }
      record(Json.text(entry, "mac_address"), Json.text(entry, "name"), addresses);
    }
  }

  private void record(String mac, String name, List<String> addresses) {
    if (addresses.isEmpty()) {
      return;
    }
    if (mac != null) {
      byMac.put(mac.toLowerCase(Locale.ROOT), addresses);
    } else if (name != null) {
      byName.put(name, addresses);
    }
  }

  private static String withoutPrefix(String cidr) {
    int slash = cidr.indexOf('/');
    return slash < 0 ? cidr : cidr.substring(0, slash);
  }
}
