package org.kubevirtredfish.kubevirt.fabric8;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * fabric8's CRUD store with the part of an API server's watch semantics the mock lacks. A real API server starts a
 * watch at the resourceVersion the client gives and sends every change since then; when its history does not reach
 * back that far it answers 410 Gone ("too old resource version"), and the client lists again (Kubernetes API
 * concepts, "Efficient detection of changes"; fabric8 7.7.0 informers/impl/cache/Reflector, ReflectorWatcher.onClose:
 * an HTTP-gone close starts a new list and watch). The fabric8 7.7.0 mock ignores the resourceVersion: a watch starts
 * "now" and sends the objects that exist as ADDED (KubernetesCrudDispatcher.handleWatch). What was deleted between the
 * client's last event and its new watch is never sent, and an informer keeps the deleted object for good. fabric8's
 * informers end and resume every watch after 5 to 10 minutes (Reflector.startWatcher), so long runs met it: a VMI
 * that had gone stayed in the service's cache and a held power-on waited for it forever.
 *
 * <p>This store remembers deletions, each with a resourceVersion of its own, so that {@link #deletedSince} tells
 * whether a watch resuming from a resourceVersion may have missed one; the dispatcher then answers it 410 as a real
 * API server whose history is too short would. A client that did see the deletion may get a needless 410 (the mock's
 * DELETED event carries the object's older resourceVersion): it lists once more, which is harmless.
 */
final class WatchHistoryCrudDispatcher extends KubernetesCrudDispatcher {

    private static final int KEPT = 10_000;

    private record Deletion(AttributeSet attributes, long resourceVersion) {
    }

    private final Deque<Deletion> deletions = new ArrayDeque<>();

    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
            GenericKubernetesResource resource, String newState) {
        if (newState == null && oldAttributes != null) {
            synchronized (deletions) {
                deletions.addLast(new Deletion(oldAttributes, requestResourceVersion()));
                if (deletions.size() > KEPT) {
                    deletions.removeFirst();
                }
            }
        }
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    }

    /**
     * Whether an object that a watch of {@code watchPath} covers was deleted after {@code resourceVersion}; also true
     * when the deletions kept no longer reach back that far.
     */
    boolean deletedSince(String watchPath, long resourceVersion) {
        AttributeSet watched = getKey(watchPath);
        synchronized (deletions) {
            if (deletions.size() >= KEPT && deletions.peekFirst().resourceVersion() > resourceVersion) {
                return true;
            }
            for (Deletion d : deletions) {
                if (d.resourceVersion() > resourceVersion && d.attributes().matches(watched)) {
                    return true;
                }
            }
        }
        return false;
    }
}
