package dev.edgevm.core.cloudinit;

import dev.edgevm.core.internal.Yaml;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders the structured {@link CloudInit} form as a {@code #cloud-config} document. */
final class CloudConfigWriter {

    private CloudConfigWriter() {}

    static String render(CloudInit c) {
        Map<String, Object> doc = new LinkedHashMap<>();
        if (!c.users().isEmpty()) {
            doc.put("users", c.users().stream().map(CloudConfigWriter::user).collect(Collectors.toList()));
        }
        if (!c.chpasswd().isEmpty()) {
            Map<String, Object> chpasswd = new LinkedHashMap<>();
            chpasswd.put("expire", c.expirePasswords());
            // The 'list' form is understood by every cloud-init a cloud image ships, old CentOS 7 included.
            chpasswd.put("list", c.chpasswd().entrySet().stream()
                    .map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining("\n", "", "\n")));
            doc.put("chpasswd", chpasswd);
            doc.put("ssh_pwauth", true);
        }
        if (c.packageUpgrade()) {
            doc.put("package_upgrade", true);
        }
        if (!c.packages().isEmpty()) {
            doc.put("packages", c.packages());
        }
        if (!c.writeFiles().isEmpty()) {
            doc.put("write_files", c.writeFiles().stream().map(CloudConfigWriter::file).collect(Collectors.toList()));
        }
        if (!c.runcmd().isEmpty()) {
            doc.put("runcmd", c.runcmd());
        }
        return "#cloud-config\n" + (doc.isEmpty() ? "{}\n" : Yaml.write(doc));
    }

    private static Map<String, Object> user(GuestUser u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", u.name());
        u.sudo().ifPresent(s -> m.put("sudo", s));
        u.shell().ifPresent(s -> m.put("shell", s));
        if (!u.groups().isEmpty()) {
            m.put("groups", String.join(", ", u.groups()));
        }
        u.hashedPassword().ifPresent(h -> m.put("passwd", h));
        m.put("lock_passwd", u.lockPassword());
        if (!u.sshAuthorizedKeys().isEmpty()) {
            List<String> keys = new ArrayList<>();
            u.sshAuthorizedKeys().forEach(k -> keys.add(k.toAuthorizedKeysLine()));
            m.put("ssh_authorized_keys", keys);
        }
        return m;
    }

    private static Map<String, Object> file(WriteFile f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", f.path());
        m.put("content", f.content());
        f.permissions().ifPresent(p -> m.put("permissions", p.startsWith("0") ? p : "0" + p));
        f.owner().ifPresent(o -> m.put("owner", o));
        if (f.append()) {
            m.put("append", true);
        }
        return m;
    }
}
