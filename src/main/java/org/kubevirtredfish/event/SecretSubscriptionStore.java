package org.kubevirtredfish.event;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.logging.Logger;

/**
 * Subscriptions kept in the cluster, one Secret per subscription in the service's own namespace (a Secret because
 * {@code HttpHeaders} may hold the receiver's credentials), labelled {@value #LABEL}{@code =true} so that a start
 * lists exactly them. Every replica and every restart reads the same set; {@link #watch} tells a replica when another
 * one created or deleted a subscription.
 */
public final class SecretSubscriptionStore implements SubscriptionStore {

    public static final String LABEL = "kubevirt-redfish/event-subscription";
    static final String PREFIX = "kubevirt-redfish-subscription-";
    static final String KEY = "subscription.json";
    private static final Logger LOG = Logger.getLogger(SecretSubscriptionStore.class.getName());

    private final KubernetesClient client;
    private final String namespace;
    private SharedIndexInformer<Secret> informer;

    public SecretSubscriptionStore(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    @Override
    public List<Subscription> load() {
        List<Subscription> kept = new ArrayList<>();
        for (Secret secret : client.secrets().inNamespace(namespace).withLabel(LABEL, "true").list().getItems()) {
            String data = secret.getData() == null ? null : secret.getData().get(KEY);
            try {
                kept.add(SubscriptionJson.read(new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8)));
            } catch (IllegalArgumentException | NullPointerException e) {
                LOG.warning(() -> "Secret " + namespace + "/" + secret.getMetadata().getName()
                        + " holds no subscription; ignored");
            }
        }
        return kept;
    }

    @Override
    public void save(Subscription subscription) {
        Secret secret = new SecretBuilder()
                .withNewMetadata().withName(PREFIX + subscription.id()).withNamespace(namespace)
                .addToLabels(LABEL, "true")
                .addToLabels("app.kubernetes.io/name", "kubevirt-redfish")
                .addToLabels("app.kubernetes.io/part-of", "kubevirt-redfish")
                .endMetadata()
                .withType("Opaque")
                .addToData(KEY, Base64.getEncoder().encodeToString(
                        SubscriptionJson.write(subscription).getBytes(StandardCharsets.UTF_8)))
                .build();
        client.secrets().inNamespace(namespace).resource(secret).create();
    }

    @Override
    public void delete(String id) {
        client.secrets().inNamespace(namespace).withName(PREFIX + id).delete();
    }

    /** An informer on the labelled Secrets of the namespace (list and watch); it never waits for the cluster. */
    @Override
    public synchronized void watch(Runnable changed) {
        if (informer != null) {
            throw new IllegalStateException("watched already");
        }
        informer = client.secrets().inNamespace(namespace).withLabel(LABEL, "true").runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Secret secret) {
                changed.run();
            }

            @Override
            public void onUpdate(Secret old, Secret secret) {
                changed.run();
            }

            @Override
            public void onDelete(Secret secret, boolean finalStateUnknown) {
                changed.run();
            }
        });
        // as the gateway's and the sessions' informers: keep retrying a failed list or watch
        informer.exceptionHandler((started, t) -> {
            LOG.warning(() -> "event subscription informer in namespace " + namespace + " failed (" + t
                    + "); retrying");
            return true;
        });
        informer.start();
    }

    @Override
    public synchronized void close() {
        if (informer != null) {
            informer.close();
        }
    }
}
