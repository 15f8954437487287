package dev.edgevm.core;

import java.util.List;

/**
 * The cluster cannot take what was asked, found before anything was created: no node the VM may
 * land on has what it needs. Lists what each node lacks and the fix on the node side.
 */
public final class PreflightException extends EdgeVmException {

    private final List<String> findings;
    private final String fix;

    public PreflightException(String summary, List<String> findings, String fix) {
        super(describe(summary, findings, fix));
        this.findings = List.copyOf(findings);
        this.fix = fix;
    }

    /** One line per node (or other cause): what it lacks. */
    public List<String> findings() {
        return findings;
    }

    /** What to do about it. */
    public String fix() {
        return fix;
    }

    private static String describe(String summary, List<String> findings, String fix) {
        StringBuilder sb = new StringBuilder(summary);
        findings.forEach(f -> sb.append("\n  - ").append(f));
        if (fix != null && !fix.isEmpty()) {
            sb.append("\n  fix: ").append(fix);
        }
        return sb.toString();
    }
}
