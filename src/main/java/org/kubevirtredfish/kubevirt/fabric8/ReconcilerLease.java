package org.kubevirtredfish.kubevirt.fabric8;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Which replica reconciles: fabric8's {@link LeaderElector} on a {@code coordination.k8s.io} Lease in the service's
 * own namespace. The elector returns once leadership is lost (the lease could not be renewed within the renew
 * deadline); this class then campaigns again, so a replica that lost the lease for a moment becomes a candidate
 * again. {@link #close()} releases the lease (a graceful shutdown hands over at once instead of after the lease
 * duration); a killed replica's lease expires after the lease duration.
 */
public final class ReconcilerLease implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ReconcilerLease.class.getName());

    /**
     * @param namespace     the service's own namespace, where the Lease lives
     * @param name          the Lease's name
     * @param identity      this replica (the pod name)
     * @param leaseDuration how long a lease not renewed blocks the others: the failover time after a kill
     * @param renewDeadline how long the leader keeps trying to renew before it stops leading (less than the lease)
     * @param retryPeriod   how often candidates try to acquire, and the leader renews
     */
    public record Settings(String namespace, String name, String identity, Duration leaseDuration,
            Duration renewDeadline, Duration retryPeriod) {

        public static final String DEFAULT_NAME = "kubevirt-redfish-reconciler";

        public Settings {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(identity, "identity");
            if (leaseDuration.toMillis() % 1000 != 0) {
                // Lease spec.leaseDurationSeconds is whole seconds: a fraction would be cut off for the others
                throw new IllegalArgumentException("lease duration must be whole seconds: " + leaseDuration);
            }
            if (leaseDuration.compareTo(renewDeadline) <= 0 || renewDeadline.compareTo(retryPeriod) <= 0) {
                throw new IllegalArgumentException("leader election needs lease duration " + leaseDuration
                        + " > renew deadline " + renewDeadline + " > retry period " + retryPeriod);
            }
        }

        /** Lease 15 s, renew deadline 10 s, retry 2 s: client-go's defaults are 15/10/2 as well. */
        public static Settings defaults(String namespace, String identity) {
            return new Settings(namespace, DEFAULT_NAME, identity, Duration.ofSeconds(15), Duration.ofSeconds(10),
                    Duration.ofSeconds(2));
        }
    }

    /** What leadership changes mean to the holder of this lease. */
    public interface Listener {
        void startedLeading();

        void stoppedLeading();
    }

    private final KubernetesClient client;
    private final Settings settings;
    private final Listener listener;
    private volatile boolean leading;
    private volatile String leader;
    private volatile boolean closed;
    private CompletableFuture<?> campaign;

    ReconcilerLease(KubernetesClient client, Settings settings, Listener listener) {
        this.client = client;
        this.settings = settings;
        this.listener = listener;
    }

    /**
     * Whether this identity may get, create and patch the Lease (SelfSubjectAccessReview; the verbs fabric8's
     * LeaseLock uses). An API server that does not answer counts as yes: the elector retries anyway.
     */
    static boolean permitted(KubernetesClient client, Settings settings) {
        for (String verb : java.util.List.of("get", "create", "patch")) {
            try {
                io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview review = client.authorization()
                        .v1().selfSubjectAccessReview().create(
                                new io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder()
                                        .withNewSpec().withNewResourceAttributes().withGroup("coordination.k8s.io")
                                        .withResource("leases").withVerb(verb).withNamespace(settings.namespace())
                                        .withName(verb.equals("create") ? null : settings.name())
                                        .endResourceAttributes().endSpec().build());
                if (review.getStatus() != null && !Boolean.TRUE.equals(review.getStatus().getAllowed())) {
                    return false;
                }
            } catch (RuntimeException unknown) {
                return true;
            }
        }
        return true;
    }

    synchronized void start() {
        if (closed) {
            return;
        }
        LeaderElector elector = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName(settings.name())
                .withLock(new LeaseLock(settings.namespace(), settings.name(), settings.identity()))
                .withLeaseDuration(settings.leaseDuration())
                .withRenewDeadline(settings.renewDeadline())
                .withRetryPeriod(settings.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::started, this::stopped, this::observed))
                .build()).build();
        campaign = elector.start();
        campaign.whenComplete((done, failure) -> {
            if (!closed) {
                LOG.info(() -> "leader election for Lease " + settings.namespace() + "/" + settings.name()
                        + " ended" + (failure == null ? "" : " (" + failure + ")") + "; campaigning again");
                CompletableFuture.delayedExecutor(settings.retryPeriod().toMillis(), TimeUnit.MILLISECONDS)
                        .execute(this::start);
            }
        });
    }

    private void started() {
        leading = true;
        LOG.info(() -> settings.identity() + " leads: it reconciles held power-ons and boot overrides (Lease "
                + settings.namespace() + "/" + settings.name() + ")");
        listener.startedLeading();
    }

    private void stopped() {
        boolean was = leading;
        leading = false;
        listener.stoppedLeading();
        if (was) {
            LOG.info(() -> settings.identity() + " no longer leads: it stopped reconciling");
        }
    }

    private void observed(String identity) {
        leader = identity;
        LOG.info(() -> "reconciler leader is " + identity);
    }

    boolean leading() {
        return leading;
    }

    /** The identity of the current leader as last observed, or null before any. */
    String leader() {
        return leader;
    }

    Settings settings() {
        return settings;
    }

    /** Stops campaigning; a leader releases its lease first (so another replica takes over at its next retry). */
    @Override
    public synchronized void close() {
        closed = true;
        if (campaign != null) {
            campaign.cancel(true);
        }
        if (leading) {
            stopped();
        }
    }
}
