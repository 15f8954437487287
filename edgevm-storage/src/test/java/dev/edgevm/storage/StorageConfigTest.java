package dev.edgevm.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgevm.core.InvalidSpecException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StorageConfigTest {

    @Test
    void timeLimits_default_toKubeVirtsSnapshotDeadline_andTwoMinutesOfFailedPulls() {
        assertThat(StorageConfig.defaults().csiSnapshotTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(StorageConfig.defaults().jobPullGrace()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void timeLimitsThatAreNotPositive_areRefused_namingEachSetting() {
        InvalidSpecException bad = catchThrowableOfType(InvalidSpecException.class, () -> StorageConfig.builder()
                .csiSnapshotTimeout(Duration.ofSeconds(-1)).jobPullGrace(Duration.ZERO).build());

        assertThat(bad.violations()).extracting(v -> v.path()).containsExactly("csiSnapshotTimeout", "jobPullGrace");
        assertThat(bad.getMessage()).contains("must be a positive duration");
    }
}
