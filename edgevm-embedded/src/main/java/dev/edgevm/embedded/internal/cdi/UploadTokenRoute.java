package dev.edgevm.embedded.internal.cdi;

import dev.edgevm.embedded.internal.api.ApiRequest;
import dev.edgevm.embedded.internal.api.Route;
import dev.edgevm.embedded.internal.api.Statuses;
import dev.edgevm.embedded.internal.cdi.upload.UploadToken;
import dev.edgevm.embedded.internal.cdi.upload.UploadTokens;
import dev.edgevm.embedded.internal.json.Json;
import io.fabric8.mockwebserver.http.MockResponse;
import tools.jackson.databind.node.ObjectNode;

/**
 * CDI apiserver's {@code upload.cdi.kubevirt.io/v1beta1} UploadTokenRequest: a create answers 200
 * with the request echoed and {@code status.token} filled in, a token for {@code spec.pvcName} in
 * the request's namespace. Nothing is stored, as in CDI.
 */
final class UploadTokenRoute implements Route {

  static final String GROUP = "upload.cdi.kubevirt.io";
  static final String RESOURCE = "uploadtokenrequests";

  private final UploadTokens tokens;

  UploadTokenRoute(UploadTokens tokens) {
    this.tokens = tokens;
  }

  static boolean matches(ApiRequest request) {
    return GROUP.equals(request.group()) && RESOURCE.equals(request.resource()) && request.name() == null
        && "POST".equals(request.method());
  }

  @Override
  public MockResponse handle(ApiRequest request) {
    if (request.namespace() == null) {
      return Statuses.response(Statuses.methodNotAllowed(
          "the server does not allow this method on the requested resource"));
    }
    ObjectNode body;
    try {
      body = Json.parse(request.body());
    } catch (RuntimeException e) {
      return Statuses.response(Statuses.badRequest("unable to parse the request body as an UploadTokenRequest: "
          + e.getMessage()));
    }
    if (!body.has("apiVersion")) {
      body.put("apiVersion", GROUP + "/" + request.version());
    }
    if (!body.has("kind")) {
      body.put("kind", "UploadTokenRequest");
    }
    String claim = Json.textOr(body, "", "spec", "pvcName");
    Json.with(body, "status").put("token", tokens.issue(UploadToken.forClaim(request.namespace(), claim)));
    return Statuses.json(200, body);
  }
}
