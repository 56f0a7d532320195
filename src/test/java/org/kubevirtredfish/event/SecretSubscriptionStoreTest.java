package org.kubevirtredfish.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.kubevirt.fabric8.ImageAddressPolicy;

/** Subscriptions kept in Secrets of a fabric8 mock API server (CRUD mode, real HTTP on 127.0.0.1). */
class SecretSubscriptionStoreTest {

    private static final String NS = "kubevirt-redfish";

    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() throws Exception {
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + server.getPort() + "/")
                .withNamespace("default").withHttp2Disable(true).withRequestRetryBackoffLimit(0).build();
        client = new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory())
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    private static Subscription subscription(String id) {
        return new Subscription(id, "http://receiver.example.com/events?token=abc", "ctx", "Redfish", List.of("Alert"),
                List.of("Base"), List.of("ComputerSystem"), List.of(Map.of("Authorization", "Basic c2VjcmV0")),
                Set.of("demo", "lab"), "ironic", Instant.parse("2026-12-01T10:00:00Z"));
    }

    @Test
    void aNewStoreReadsWhatAnotherWrote() {
        new SecretSubscriptionStore(client, NS).save(subscription("a1"));
        new SecretSubscriptionStore(client, NS).save(subscription("b2"));

        List<Subscription> read = new SecretSubscriptionStore(client, NS).load();

        assertEquals(Set.of(subscription("a1"), subscription("b2")), Set.copyOf(read));
        Secret secret = client.secrets().inNamespace(NS).withName("kubevirt-redfish-subscription-a1").get();
        assertEquals("true", secret.getMetadata().getLabels().get(SecretSubscriptionStore.LABEL));
    }

    @Test
    void deleteRemovesTheSecretAndOnlyLabelledSecretsAreRead() {
        SecretSubscriptionStore store = new SecretSubscriptionStore(client, NS);
        store.save(subscription("a1"));
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("other")
                .endMetadata().addToStringData("x", "y").build()).create();

        store.delete("a1");

        assertEquals(List.of(), new SecretSubscriptionStore(client, NS).load());
        assertEquals(1, client.secrets().inNamespace(NS).list().getItems().size(), "the unlabelled Secret stays");
    }

    /** The service restarts: a new EventSubscriptions over the same namespace serves the subscription again. */
    @Test
    void subscriptionsSurviveARestartOfTheService() {
        Subscription created;
        try (EventSubscriptions before = new EventSubscriptions(EventSettings.defaults(),
                new SecretSubscriptionStore(client, NS), ImageAddressPolicy.of("none", ""), o -> { })) {
            created = before.create(new EventSubscriptions.Request("http://192.0.2.10/events", "c", List.of(),
                    List.of(), List.of(), List.of()), "ironic", Set.of("demo")).orElseThrow();
        }
        try (EventSubscriptions after = new EventSubscriptions(EventSettings.defaults(),
                new SecretSubscriptionStore(client, NS), ImageAddressPolicy.of("none", ""), o -> { })) {
            assertEquals(List.of(created), after.visibleTo(Set.of("demo")));
            assertEquals(List.of(), after.visibleTo(Set.of("lab")));
            assertTrue(after.delete(created.id(), Set.of("demo")));
        }
        try (EventSubscriptions again = new EventSubscriptions(EventSettings.defaults(),
                new SecretSubscriptionStore(client, NS), ImageAddressPolicy.of("none", ""), o -> { })) {
            assertFalse(again.find(created.id(), Set.of("demo")).isPresent());
        }
    }

    /** 127.0.0.1 is denied by default; the receivers of these tests listen there. */
    private static final ImageAddressPolicy LOOPBACK_ALLOWED = ImageAddressPolicy.of("169.254.0.0/16", "");

    /** A replica of the service: its own store (and informer) over the same namespace. */
    private EventSubscriptions replica(boolean delivers) {
        return new EventSubscriptions(EventSettings.defaults(), new SecretSubscriptionStore(client, NS),
                LOOPBACK_ALLOWED, o -> { }, () -> delivers);
    }

    /**
     * Two replicas, each having read the store before (as they do at their first event): a subscription created
     * through A is found and deleted through B at once, as Ironic's create (POST, then GET of the new member) and
     * delete (GET, then DELETE) go to different replicas behind a Route.
     */
    @Test
    void aSubscriptionMadeThroughOneReplicaIsFoundAndDeletedThroughAnotherAtOnce() {
        try (EventSubscriptions a = replica(true); EventSubscriptions b = replica(false)) {
            assertEquals(List.of(), a.visibleTo(Set.of("demo")));
            assertEquals(List.of(), b.visibleTo(Set.of("demo")));

            Subscription created = a.create(new EventSubscriptions.Request("http://192.0.2.10/events", "c", List.of(),
                    List.of(), List.of(), List.of()), "ironic", Set.of("demo")).orElseThrow();

            assertEquals(java.util.Optional.of(created), b.find(created.id(), Set.of("demo")));
            assertTrue(b.delete(created.id(), Set.of("demo")));
            assertFalse(a.find(created.id(), Set.of("demo")).isPresent());
            assertEquals(List.of(), a.visibleTo(Set.of("demo")));
        }
    }

    /**
     * Every replica sees every VM change and publishes its event; only the one that delivers (the reconciler's
     * leader) POSTs it, so the subscriber gets it once. A subscription deleted through the other replica gets no more
     * events from the delivering one.
     */
    @Test
    void ofTwoReplicasOnlyTheDeliveringOneSendsAnEventAndNotToADeletedSubscription() throws Exception {
        try (Receiver receiver = new Receiver(0, false); EventSubscriptions leader = replica(true);
                EventSubscriptions standby = replica(false)) {
            leader.visibleTo(Set.of("demo"));
            Subscription created = standby.create(new EventSubscriptions.Request(receiver.url(), "c", List.of(),
                    List.of(), List.of(), List.of()), "ironic", Set.of("demo")).orElseThrow();
            Polling.until("the leader to know the subscription through its informer",
                    () -> !leader.visibleTo(Set.of("demo")).isEmpty());

            leader.publish(EventDeliveryTest.power("On"));
            standby.publish(EventDeliveryTest.power("On"));
            Polling.until("one event delivered", () -> receiver.received.size() == 1);
            Thread.sleep(300); // a second POST, if any, would come within this
            assertEquals(1, receiver.requests.get(), "delivered once, by the leader");

            assertEquals(1, leader.deliveringTo());
            assertTrue(standby.delete(created.id(), Set.of("demo")));
            // the leader learns of the deletion from its informer, with no lookup of its own
            Polling.until("the leader to drop the deleted subscription", () -> leader.deliveringTo() == 0);
        }
    }
}
