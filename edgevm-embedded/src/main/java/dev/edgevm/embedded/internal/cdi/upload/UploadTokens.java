package dev.edgevm.embedded.internal.cdi.upload;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issues and checks upload tokens as CDI's apiserver and upload proxy do: a JWT from issuer
 * {@code cdi-apiserver}, bound to one PVC, valid for five minutes, checked with ten seconds of
 * leeway. Each cluster signs with a key of its own, so a token is good for the cluster that issued
 * it only. CDI signs PS256 with an RSA key; these tokens are ES256 (EC P-256): only the issuing
 * cluster reads the signature, and an EC key costs milliseconds where an RSA key costs up to a
 * second on a busy machine. The key is made on first use.
 */
public final class UploadTokens {

  public static final String ISSUER = "cdi-apiserver";
  public static final Duration LIFETIME = Duration.ofMinutes(5);
  public static final Duration LEEWAY = Duration.ofSeconds(10);
  static final String ALGORITHM = "ES256";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  /** JWS wants the raw r||s form of an ECDSA signature (RFC 7518 3.4), not DER. */
  private static final String SIGNATURE = "SHA256withECDSAinP1363Format";

  private final Clock clock;
  private volatile KeyPair keys;

  public UploadTokens(Clock clock) {
    this.clock = clock;
  }

  /** A signed token granting an upload into {@code namespace/pvcName}. */
  public String issue(UploadToken grant) {
    long now = clock.instant().getEpochSecond();
    ObjectNode payload = JSON.createObjectNode();
    payload.put("operation", grant.operation());
    payload.put("name", grant.name());
    payload.put("namespace", grant.namespace());
    ObjectNode resource = payload.putObject("resource");
    resource.put("group", "");
    resource.put("version", "v1");
    resource.put("resource", grant.resource());
    payload.put("iss", ISSUER);
    payload.put("iat", now);
    payload.put("nbf", now);
    payload.put("exp", now + LIFETIME.getSeconds());
    String signingInput = ENCODER.encodeToString(("{\"alg\":\"" + ALGORITHM + "\"}").getBytes(StandardCharsets.UTF_8))
        + "." + ENCODER.encodeToString(JSON.writeValueAsBytes(payload));
    return signingInput + "." + ENCODER.encodeToString(sign(signingInput));
  }

  /** The grant of a valid token; empty for a malformed, forged, foreign or expired one. */
  public Optional<UploadToken> verify(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      JsonNode header = JSON.readTree(DECODER.decode(parts[0]));
      if (!ALGORITHM.equals(header.path("alg").asString(""))) {
        return Optional.empty();
      }
      Signature verifier = Signature.getInstance(SIGNATURE);
      verifier.initVerify(keys().getPublic());
      verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!verifier.verify(DECODER.decode(parts[2]))) {
        return Optional.empty();
      }
      JsonNode claims = JSON.readTree(DECODER.decode(parts[1]));
      long now = clock.instant().getEpochSecond();
      long leeway = LEEWAY.getSeconds();
      if (!ISSUER.equals(claims.path("iss").asString(""))
          || claims.path("exp").asLong(0) + leeway < now
          || claims.path("nbf").asLong(0) - leeway > now) {
        return Optional.empty();
      }
      return Optional.of(new UploadToken(claims.path("operation").asString(null),
          claims.path("namespace").asString(null), claims.path("name").asString(null),
          claims.path("resource").path("resource").asString(null)));
    } catch (IllegalArgumentException | GeneralSecurityException | tools.jackson.core.JacksonException e) {
      return Optional.empty();
    }
  }

  private byte[] sign(String signingInput) {
    try {
      Signature signer = Signature.getInstance(SIGNATURE);
      signer.initSign(keys().getPrivate());
      signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign an upload token", e);
    }
  }

  private KeyPair keys() {
    KeyPair current = keys;
    if (current == null) {
      synchronized (this) {
        if (keys == null) {
          keys = generate();
        }
        current = keys;
      }
    }
    return current;
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 keys are not available in this JDK", e);
    }
  }
}
