package dev.edgevm.embedded.internal.https;

/** Reason phrases for the status codes the cluster's HTTPS endpoints answer with. */
final class StatusText {

  private StatusText() {
  }

  static String of(int status) {
    switch (status) {
      case 100: return "Continue";
      case 200: return "OK";
      case 201: return "Created";
      case 204: return "No Content";
      case 400: return "Bad Request";
      case 401: return "Unauthorized";
      case 403: return "Forbidden";
      case 404: return "Not Found";
      case 405: return "Method Not Allowed";
      case 409: return "Conflict";
      case 429: return "Too Many Requests";
      case 431: return "Request Header Fields Too Large";
      case 500: return "Internal Server Error";
      case 502: return "Bad Gateway";
      case 503: return "Service Unavailable";
      default: return "Status " + status;
    }
  }
}
