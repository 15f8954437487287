package dev.edgevm.embedded.internal.cdi.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class UploadTokensTest {

  private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
  private final MutableClock clock = new MutableClock(NOW);
  private final UploadTokens tokens = new UploadTokens(clock);

  @Test
  void issuedToken_verifies_andGrantsItsClaimOnly() {
    String token = tokens.issue(UploadToken.forClaim("default", "centos-dv"));

    UploadToken grant = tokens.verify(token).orElseThrow();
    assertThat(grant.namespace()).isEqualTo("default");
    assertThat(grant.name()).isEqualTo("centos-dv");
    assertThat(grant.grantsUpload()).isTrue();
  }

  @Test
  void token_isAnEs256JwtFromCdiApiserver_expiringAfterFiveMinutes() {
    String[] parts = tokens.issue(UploadToken.forClaim("ns", "pvc")).split("\\.");

    String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
    String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    assertThat(header).isEqualTo("{\"alg\":\"ES256\"}");
    assertThat(Base64.getUrlDecoder().decode(parts[2])).as("r||s of P-256").hasSize(64);
    assertThat(claims).contains("\"iss\":\"cdi-apiserver\"", "\"operation\":\"Upload\"",
        "\"resource\":\"persistentvolumeclaims\"", "\"exp\":" + NOW.plus(Duration.ofMinutes(5)).getEpochSecond());
  }

  @Test
  void expiredToken_isRejected_afterTheLeeway() {
    String token = tokens.issue(UploadToken.forClaim("ns", "pvc"));

    clock.now = NOW.plus(Duration.ofMinutes(5)).plusSeconds(10);
    assertThat(tokens.verify(token)).isPresent();
    clock.now = NOW.plus(Duration.ofMinutes(5)).plusSeconds(11);
    assertThat(tokens.verify(token)).isEmpty();
  }

  @Test
  void tamperedOrForeignOrGarbageTokens_areRejected() {
    String token = tokens.issue(UploadToken.forClaim("ns", "pvc"));
    String[] parts = token.split("\\.");
    String otherClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("\"pvc\"", "\"other\"").getBytes(StandardCharsets.UTF_8));

    assertThat(tokens.verify(parts[0] + "." + otherClaims + "." + parts[2])).isEmpty();
    assertThat(tokens.verify(new UploadTokens(clock).issue(UploadToken.forClaim("ns", "pvc")))).isEmpty();
    assertThat(tokens.verify("not-a-token")).isEmpty();
    assertThat(tokens.verify("a.b.c")).isEmpty();
  }

  static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
