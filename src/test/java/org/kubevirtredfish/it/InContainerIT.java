package org.kubevirtredfish.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;
import java.io.File;
import java.time.Duration;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kubevirtredfish.config.ServiceSettings;
import org.kubevirtredfish.kubevirt.ExposedSystem;
import org.kubevirtredfish.kubevirt.ExposedSystems;
import org.kubevirtredfish.kubevirt.KubeVirtGateway;
import org.kubevirtredfish.kubevirt.PowerAction;
import org.kubevirtredfish.kubevirt.PowerState;
import org.kubevirtredfish.kubevirt.VmId;
import org.kubevirtredfish.security.UserDirectory;

/**
 * Arquillian, inside Liberty: the application's CDI graph as deployed (settings from the demo config.yaml, the
 * simulator chosen by {@code backend}, bcrypt users, chassis exposure) and a power cycle through the gateway.
 */
@ExtendWith(ArquillianExtension.class)
class InContainerIT {

    @Deployment
    static WebArchive application() {
        // A second copy of the application under its own name: the one the other ITs use stays at "/".
        return ShrinkWrap.create(WebArchive.class, "in-container.war")
                .merge(ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/kubevirt-redfish.war")))
                .addClass(InContainerIT.class);
    }

    @Inject
    ServiceSettings settings;

    @Inject
    KubeVirtGateway gateway;

    @Inject
    ExposedSystems exposed;

    @Inject
    UserDirectory users;

    @Test
    void demoConfigurationIsLoaded() {
        assertEquals(ServiceSettings.Backend.SIMULATOR, settings.backend());
        assertTrue(settings.enhancedSystemIds());
        assertTrue(users.authenticate("admin", "demo-admin").isPresent(), "bcrypt user");
        assertTrue(users.authenticate("admin", "demo-admi").isEmpty());
        assertTrue(users.authenticate("nobody", "demo-admin").isEmpty());
    }

    @Test
    void exposureFollowsTheChassisSelectors() {
        var ids = exposed.visibleTo(Set.of("demo")).stream().map(ExposedSystem::id).toList();
        assertEquals(java.util.List.of("demo.control-plane-0", "demo.control-plane-1", "demo.control-plane-2"), ids);
        assertFalse(exposed.visibleTo(Set.of("demo", "lab")).stream().anyMatch(s -> s.id().contains("not-exposed")));
    }

    @Test
    void aPowerCycleThroughTheGateway() throws InterruptedException {
        VmId vm = new VmId("lab", "worker-0");
        // a forced stop still waits for the launcher pod's teardown, as on a cluster
        gateway.power(vm, PowerAction.FORCE_STOP);
        assertEquals(PowerState.Off, awaitState(vm, PowerState.Off));
        gateway.power(vm, PowerAction.START);
        assertEquals(PowerState.PoweringOn, gateway.find(vm).orElseThrow().powerState());
        assertEquals(PowerState.On, awaitState(vm, PowerState.On));
    }

    private PowerState awaitState(VmId vm, PowerState wanted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (gateway.find(vm).orElseThrow().powerState() != wanted && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return gateway.find(vm).orElseThrow().powerState();
    }
}
