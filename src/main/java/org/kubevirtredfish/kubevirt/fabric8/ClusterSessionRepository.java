package org.kubevirtredfish.kubevirt.fabric8;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.kubevirtredfish.security.SessionRepository;

/**
 * Sessions kept in the cluster, shared by every replica and kept across restarts: one ConfigMap per session in the
 * service's own namespace, labelled {@value #COMPONENT_LABEL}={@value #COMPONENT}, holding the SHA-256 of the token
 * (never the token), the user, the client's address and the created and last-used times. An informer on that label
 * keeps every replica's view: a session created or deleted on one replica is known to the others as soon as the
 * watch event arrives.
 *
 * <p>A ConfigMap rather than a Secret: nothing in it authenticates (a digest of a 256-bit random token cannot be
 * turned back into the token), and RBAC cannot confine list/watch of Secrets to a label, so a Secret informer would
 * let the service read every Secret of its namespace (the config with its password hashes among them).
 *
 * <p>The last use is written at most once per {@code writeInterval} per session, not on every request: the recorded
 * last use lags the real one by less than that interval, which {@link #lastUsedSlack} reports so that a session ends
 * between SessionTimeout and SessionTimeout + interval after its last use, on every replica alike. API-server
 * requests: a create per login, an update per interval of use, a delete per logout or expiry; per replica one list
 * and one watch (fabric8 re-opens the watch when the API server closes it).
 */
public final class ClusterSessionRepository implements SessionRepository, AutoCloseable {

    public static final String COMPONENT_LABEL = "app.kubernetes.io/component";
    public static final String COMPONENT = "redfish-session";
    static final String NAME_PREFIX = "redfish-session-";

    private static final Logger LOG = Logger.getLogger(ClusterSessionRepository.class.getName());

    private final KubernetesClient client;
    private final String namespace;
    private final Duration writeInterval;
    /** The informer's view, by token digest, updated at once by this replica's own creates and deletes. */
    private final Map<String, StoredSession> byDigest = new ConcurrentHashMap<>();
    private final Set<String> writing = ConcurrentHashMap.newKeySet();
    /**
     * This replica's logins as the API server created them (resourceVersion included), by session id, until deleted:
     * a last use may be written before this replica's own informer has seen the login.
     */
    private final Map<String, ConfigMap> created = new ConcurrentHashMap<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "redfish-session-last-used");
        t.setDaemon(true);
        return t;
    });
    private SharedIndexInformer<ConfigMap> informer;

    public ClusterSessionRepository(KubernetesClient client, String namespace, Duration writeInterval) {
        this.client = client;
        this.namespace = namespace;
        this.writeInterval = writeInterval;
    }

    /** Starts the informer without waiting for it to sync ({@link #ready} tells). */
    public ClusterSessionRepository start() {
        informer = client.configMaps().inNamespace(namespace).withLabel(COMPONENT_LABEL, COMPONENT)
                .runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap cm) {
                session(cm).ifPresent(s -> byDigest.put(s.tokenDigest(), s));
            }

            @Override
            public void onUpdate(ConfigMap old, ConfigMap cm) {
                session(cm).ifPresent(s -> byDigest.merge(s.tokenDigest(), s, ClusterSessionRepository::later));
            }

            @Override
            public void onDelete(ConfigMap cm, boolean finalStateUnknown) {
                session(cm).ifPresent(s -> {
                    byDigest.remove(s.tokenDigest());
                    created.remove(s.id());
                });
            }
        });
        // as the gateway's informers (InformerCache): keep retrying a failed list or watch, not ready meanwhile
        informer.exceptionHandler((started, t) -> {
            LOG.warning(() -> "session informer in namespace " + namespace + " failed (" + t + "); retrying");
            return true;
        });
        informer.start();
        return this;
    }

    public String namespace() {
        return namespace;
    }

    @Override
    public boolean ready() {
        return informer != null && informer.hasSynced() && informer.isWatching();
    }

    @Override
    public Optional<StoredSession> byDigest(String tokenDigest) {
        return Optional.ofNullable(byDigest.get(tokenDigest));
    }

    @Override
    public Collection<StoredSession> all() {
        return List.copyOf(byDigest.values());
    }

    @Override
    public void add(StoredSession session) {
        try {
            created.put(session.id(), client.configMaps().inNamespace(namespace).resource(configMap(session)).create());
        } catch (KubernetesClientException e) {
            throw new Unavailable("session not recorded: HTTP " + e.getCode(), e);
        }
        byDigest.put(session.tokenDigest(), session);
    }

    @Override
    public void used(StoredSession session, Instant at) {
        if (Duration.between(session.lastUsed(), at).compareTo(writeInterval) < 0 || !writing.add(session.id())) {
            return;
        }
        byDigest.computeIfPresent(session.tokenDigest(), (d, s) -> later(s, session.usedAt(at)));
        writer.execute(() -> {
            try {
                ConfigMap cached = informer.getStore().getByKey(namespace + "/" + name(session.id()));
                if (cached == null) {
                    cached = created.get(session.id()); // our own login, which our informer has not delivered yet
                }
                if (cached != null && Instant.parse(cached.getData().get("lastUsed")).isBefore(at)) {
                    ConfigMap current = new ConfigMapBuilder(cached).addToData("lastUsed", at.toString()).build();
                    // guarded by the resourceVersion just read: a concurrent newer write wins (409), which is fine
                    client.configMaps().inNamespace(namespace).resource(current).update();
                }
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "last use of session " + session.id() + " not recorded", e);
            } finally {
                writing.remove(session.id());
            }
        });
    }

    @Override
    public boolean remove(String id) {
        List<?> deleted;
        try {
            // an expired session may be deleted by several replicas at once: the later ones find nothing
            deleted = client.configMaps().inNamespace(namespace).withName(name(id)).delete();
        } catch (KubernetesClientException e) {
            throw new Unavailable("session not deleted: HTTP " + e.getCode(), e);
        }
        created.remove(id);
        Optional<StoredSession> known = byDigest.values().stream().filter(s -> s.id().equals(id)).findFirst();
        known.ifPresent(s -> byDigest.remove(s.tokenDigest()));
        return known.isPresent() || !deleted.isEmpty();
    }

    @Override
    public Duration lastUsedSlack() {
        return writeInterval;
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.stop();
        }
        writer.shutdown();
    }

    /** A DNS-1123 name from the session id (base64url letters and digits, mixed case): its bytes in hex. */
    static String name(String id) {
        return NAME_PREFIX + HexFormat.of().formatHex(id.getBytes(StandardCharsets.US_ASCII));
    }

    private ConfigMap configMap(StoredSession s) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("id", s.id());
        data.put("tokenSha256", s.tokenDigest());
        data.put("user", s.username());
        data.put("origin", s.origin() == null ? "" : s.origin());
        data.put("created", s.created().toString());
        data.put("lastUsed", s.lastUsed().toString());
        return new ConfigMapBuilder().withNewMetadata().withName(name(s.id())).withNamespace(namespace)
                .addToLabels(COMPONENT_LABEL, COMPONENT)
                .addToLabels("app.kubernetes.io/part-of", "kubevirt-redfish")
                .endMetadata().withData(data).build();
    }

    private static Optional<StoredSession> session(ConfigMap cm) {
        Map<String, String> d = cm.getData();
        try {
            return Optional.of(new StoredSession(d.get("id"), d.get("tokenSha256"), d.get("user"), d.get("origin"),
                    Instant.parse(d.get("created")), Instant.parse(d.get("lastUsed"))));
        } catch (RuntimeException e) {
            LOG.warning(() -> "ConfigMap " + cm.getMetadata().getName() + " is not a session; ignored");
            return Optional.empty();
        }
    }

    private static StoredSession later(StoredSession a, StoredSession b) {
        return b.lastUsed().isAfter(a.lastUsed()) ? b : a;
    }
}
