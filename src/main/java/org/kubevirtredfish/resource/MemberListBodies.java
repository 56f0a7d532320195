package org.kubevirtredfish.resource;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.kubevirtredfish.kubevirt.ExposedSystem;

/**
 * The payloads (and so ETags) of the resources that list a caller's systems (the Systems and Managers collections,
 * a Chassis with its links), kept while
 * {@link org.kubevirtredfish.kubevirt.ExposedSystems#visibleTo} returns the same list instance, which it does until
 * the exposed VMs change: thousands of members are serialized and digested once per change, not per GET.
 */
@ApplicationScoped
public class MemberListBodies {

    private static final int MAX_ENTRIES = 512;

    private record Key(String uri, Set<String> chassis) {
    }

    private record Kept(List<ExposedSystem> members, Representation body) {
    }

    private final Map<Key, Kept> kept = new ConcurrentHashMap<>();

    /**
     * The representation of the resource at {@code uri} for a caller of these chassis over {@code members}, built by
     * {@code build} when they changed.
     */
    Representation of(String uri, Set<String> chassis, List<ExposedSystem> members,
            Supplier<Representation> build) {
        Key key = new Key(uri, chassis);
        Kept k = kept.get(key);
        if (k != null && k.members() == members) {
            return k.body();
        }
        Representation body = build.get();
        body.etag();
        if (kept.size() >= MAX_ENTRIES) {
            kept.clear(); // callers' chassis sets are few; this only bounds a misuse
        }
        kept.put(key, new Kept(members, body));
        return body;
    }
}
