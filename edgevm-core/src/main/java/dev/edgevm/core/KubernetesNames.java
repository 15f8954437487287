package dev.edgevm.core;

import java.util.regex.Pattern;

/** Kubernetes' naming rules, checked the way the API server checks them, with its wording. */
public final class KubernetesNames {

    private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern QUALIFIED_NAME_PART = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

    private KubernetesNames() {}

    /** Whether {@code name} is a DNS-1123 label: at most 63 lower-case alphanumerics or '-', alphanumeric at both ends. */
    public static boolean isDns1123Label(String name) {
        return name != null && name.length() <= 63 && DNS1123_LABEL.matcher(name).matches();
    }

    public static boolean isDns1123Subdomain(String name) {
        return name != null && name.length() <= 253 && DNS1123_SUBDOMAIN.matcher(name).matches();
    }

    /** Checks a name that must be a DNS-1123 label (VM names, namespaces, most object names we create). */
    public static void checkLabelName(Violations v, String path, String name) {
        if (name == null) {
            v.add(path, Violations.MISSING);
        } else if (name.isEmpty()) {
            v.add(path, "must not be empty");
        } else if (name.length() > 63) {
            v.add(path, "'" + abbreviate(name) + "' is " + name.length() + " characters long; at most 63 are allowed");
        } else if (!DNS1123_LABEL.matcher(name).matches()) {
            v.add(path, "'" + name + "' is not a DNS-1123 label: use lower-case letters, digits and '-',"
                    + " starting and ending with a letter or digit (e.g. 'centos-vm')");
        }
    }

    /** Checks a label or annotation key: an optional DNS subdomain prefix and '/', then a name of at most 63 characters. */
    public static void checkQualifiedName(Violations v, String path, String key) {
        if (key == null || key.isEmpty()) {
            v.add(path, "key must not be empty");
            return;
        }
        String name = key;
        int slash = key.indexOf('/');
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (!isDns1123Subdomain(prefix)) {
                v.add(path, "key '" + abbreviate(key) + "' has a prefix that is not a DNS subdomain");
            }
        }
        if (name.length() > 63 || !QUALIFIED_NAME_PART.matcher(name).matches()) {
            v.add(path, "key '" + abbreviate(key) + "' must be at most 63 alphanumerics, '-', '_' or '.',"
                    + " starting and ending with an alphanumeric, after an optional 'prefix/'");
        }
    }

    public static void checkLabelValue(Violations v, String path, String value) {
        if (value == null) {
            v.add(path, "value must not be null");
        } else if (value.length() > 63 || !LABEL_VALUE.matcher(value).matches()) {
            v.add(path, "label value '" + abbreviate(value) + "' must be empty or at most 63 alphanumerics,"
                    + " '-', '_' or '.', starting and ending with an alphanumeric");
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 70 ? s : s.substring(0, 67) + "...";
    }
}
