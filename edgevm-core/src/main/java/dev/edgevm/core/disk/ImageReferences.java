package dev.edgevm.core.disk;

import java.util.regex.Pattern;

/** Checks container image references the way registries and the container runtime parse them. */
final class ImageReferences {

    // [host[:port]/]path[:tag][@algorithm:hex]; path components lower-case with . _ - separators.
    private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private static final String HOST = "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?|\\[[0-9a-fA-F:]+\\](?::[0-9]+)?)";
    private static final Pattern REFERENCE = Pattern.compile(
            "(?:" + HOST + "/)?" + COMPONENT + "(?:/" + COMPONENT + ")*"
                    + "(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?");

    private ImageReferences() {}

    /** Why {@code image} is not a valid reference, or null if it is. */
    static String problem(String image) {
        if (image == null) {
            return "is required";
        }
        if (image.isBlank()) {
            return "must not be empty; give an image reference such as 'kubevirt/cirros-registry-disk-demo'";
        }
        if (image.length() > 255 || !REFERENCE.matcher(image).matches()) {
            return "'" + (image.length() > 70 ? image.substring(0, 67) + "..." : image)
                    + "' is not an image reference: use [registry/]repository[:tag][@digest] with a lower-case repository";
        }
        return null;
    }
}
