package dev.edgevm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Runs a build that must fail and returns the paths it named, checking the message names each one. */
public final class SpecAssertions {

    private SpecAssertions() {}

    public static List<String> rejectedPaths(ThrowingCallable build) {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, build);
        assertThat(e).as("the build must be rejected with an InvalidSpecException").isNotNull();
        List<String> paths = e.violations().stream().map(Violation::path).collect(Collectors.toList());
        paths.forEach(p -> assertThat(e.getMessage()).as("the message names each field").contains(p + ": "));
        return paths;
    }
}
