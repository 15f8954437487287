package dev.edgevm.embedded.internal.export;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.catalog.SnapshotTypes;
import dev.edgevm.embedded.internal.https.HttpHandler;
import dev.edgevm.embedded.internal.https.HttpRequest;
import dev.edgevm.embedded.internal.https.HttpResponse;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.storage.VolumeDirectories;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import tools.jackson.databind.JsonNode;

/**
 * The export proxy and export server together: {@code GET /api/export.kubevirt.io/v1/namespaces/
 * <ns>/virtualmachineexports/<name>/volumes/<claim>/disk.img} (or {@code disk.img.gz}) with the
 * export's token in the {@code x-kubevirt-export-token} header or query parameter. 401 for a
 * missing or wrong token, 404 for an unknown export or volume, 503 while the export is not Ready,
 * 400 for other methods; raw downloads answer HEAD and a single byte range too.
 */
final class ExportDownloads implements HttpHandler {

  private static final Pattern PATH = Pattern.compile(
      "^/api/export\\.kubevirt\\.io/v1(?:beta1)?/namespaces/([^/]+)/virtualmachineexports/([^/]+)"
          + "/volumes/([^/]+)/(disk\\.img|disk\\.img\\.gz)$");
  private static final Pattern RANGE = Pattern.compile("^bytes=(\\d*)-(\\d*)$");
  private static final int CHUNK = 1024 * 1024;

  private final ClusterApi api;
  private final VolumeDirectories directories;

  ExportDownloads(ClusterApi api, VolumeDirectories directories) {
    this.api = api;
    this.directories = directories;
  }

  @Override
  public void handle(HttpRequest request, HttpResponse response) throws IOException {
    Matcher match = PATH.matcher(request.path());
    if (!match.matches()) {
      response.send(404, "404 page not found\n");
      return;
    }
    String namespace = match.group(1);
    String exportName = match.group(2);
    String claim = match.group(3);
    boolean gzip = match.group(4).endsWith(".gz");
    JsonNode export = api.get(SnapshotTypes.VM_EXPORTS, namespace, exportName).orElse(null);
    if (export == null) {
      response.send(404, "");
      return;
    }
    if (!authorized(request, export)) {
      response.send(401, "");
      return;
    }
    if (!"Ready".equals(Json.text(export, "status", "phase"))) {
      response.send(503, "export " + namespace + "/" + exportName + " is not ready");
      return;
    }
    boolean exported = Json.items(export, "status", "links", "external", "volumes").stream()
        .flatMap(v -> Json.items(v, "formats").stream())
        .anyMatch(format -> Json.textOr(format, "", "url").endsWith(request.path()));
    Optional<Path> disk = directories.ofClaim(namespace, claim).map(l -> l.directory().resolve("disk.img"));
    if (!exported || disk.isEmpty() || !Files.isRegularFile(disk.get())) {
      response.send(404, "");
      return;
    }
    boolean head = "HEAD".equals(request.method());
    if (!"GET".equals(request.method()) && !(head && !gzip)) {
      response.send(400, "");
      return;
    }
    if (gzip) {
      sendGzip(disk.get(), response);
    } else {
      sendRaw(disk.get(), request.header("Range"), response);
    }
  }

  private boolean authorized(HttpRequest request, JsonNode export) {
    String secretName = Json.text(export, "status", "tokenSecretRef");
    if (secretName == null) {
      return false;
    }
    String expected = api.get(CoreTypes.SECRETS, Json.namespace(export), secretName)
        .map(secret -> Json.text(secret, "data", ExportNames.TOKEN_KEY))
        .map(encoded -> new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8))
        .orElse(null);
    if (expected == null) {
      return false;
    }
    for (String given : new String[] {request.header(ExportNames.TOKEN_HEADER), queryToken(request.rawQuery())}) {
      if (given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
          expected.getBytes(StandardCharsets.UTF_8))) {
        return true;
      }
    }
    return false;
  }

  private static String queryToken(String query) {
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0 && ExportNames.TOKEN_HEADER.equals(pair.substring(0, equals))) {
        return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static void sendRaw(Path disk, String range, HttpResponse response) throws IOException {
    try (FileChannel file = FileChannel.open(disk, StandardOpenOption.READ)) {
      long size = file.size();
      long start = 0;
      long end = size - 1;
      int status = 200;
      if (range != null) {
        Matcher bytes = RANGE.matcher(range.trim());
        if (!bytes.matches() || (bytes.group(1).isEmpty() && bytes.group(2).isEmpty())) {
          response.header("Content-Range", "bytes */" + size).send(416, "");
          return;
        }
        if (bytes.group(1).isEmpty()) {
          start = Math.max(0, size - Long.parseLong(bytes.group(2)));
        } else {
          start = Long.parseLong(bytes.group(1));
          end = bytes.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(bytes.group(2)));
        }
        if (start >= size || start > end) {
          response.header("Content-Range", "bytes */" + size).send(416, "");
          return;
        }
        status = 206;
        response.header("Content-Range", "bytes " + start + "-" + end + "/" + size);
      }
      response.header("Accept-Ranges", "bytes").header("Content-Type", "application/octet-stream");
      try (OutputStream out = response.stream(status, end - start + 1)) {
        copy(file, start, end - start + 1, out);
      }
    }
  }

  private static void sendGzip(Path disk, HttpResponse response) throws IOException {
    response.header("Content-Type", "application/x-gzip");
    try (FileChannel file = FileChannel.open(disk, StandardOpenOption.READ);
        OutputStream body = response.stream(200, -1);
        GZIPOutputStream out = new GZIPOutputStream(body, CHUNK) {
          {
            def.setLevel(Deflater.BEST_SPEED);
          }
        }) {
      copy(file, 0, file.size(), out);
    }
  }

  private static void copy(FileChannel file, long start, long length, OutputStream out) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
    long position = start;
    long remaining = length;
    while (remaining > 0) {
      buffer.clear().limit((int) Math.min(CHUNK, remaining));
      int n = file.read(buffer, position);
      if (n < 0) {
        break;
      }
      out.write(buffer.array(), 0, n);
      position += n;
      remaining -= n;
    }
  }
}
