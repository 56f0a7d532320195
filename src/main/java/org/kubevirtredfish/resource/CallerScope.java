package org.kubevirtredfish.resource;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import org.kubevirtredfish.config.ConfigFile;
import org.kubevirtredfish.config.ServiceSettings;
import org.kubevirtredfish.kubevirt.ExposedSystem;
import org.kubevirtredfish.kubevirt.ExposedSystems;
import org.kubevirtredfish.kubevirt.VirtualMachine;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishException;
import org.kubevirtredfish.security.Caller;

/**
 * What the current caller may see: the systems and chassis of its own chassis list. Anything else answers 404
 * ResourceNotFound, exactly as for a resource that does not exist, so a user cannot learn that it does.
 */
@RequestScoped
public class CallerScope {

    /** A visible system and the gateway's current snapshot of its VM. */
    public record VisibleSystem(ExposedSystem system, VirtualMachine vm) {
    }

    @Inject
    HttpServletRequest request;

    @Inject
    ExposedSystems exposed;

    @Inject
    ServiceSettings settings;

    public Caller caller() {
        if (request.getAttribute(Caller.ATTRIBUTE) instanceof Caller c) {
            return c;
        }
        // The authorization filter lets no request without a caller reach a route that asks for one.
        throw RedfishException.of(BaseMessage.NoValidSession);
    }

    public List<ExposedSystem> systems() {
        return exposed.visibleTo(caller().chassis());
    }

    /** The system, or 404 with the Redfish type named (ComputerSystem, Manager). */
    public VisibleSystem system(String id, String redfishType) {
        Optional<ExposedSystem> system = exposed.find(id, caller().chassis());
        Optional<VirtualMachine> vm = system.flatMap(exposed::vm);
        if (vm.isEmpty()) {
            throw RedfishException.of(BaseMessage.ResourceNotFound, redfishType, id);
        }
        return new VisibleSystem(system.get(), vm.get());
    }

    public List<ConfigFile.Chassis> chassis() {
        return settings.chassis().stream().filter(c -> caller().chassis().contains(c.name())).toList();
    }

    public ConfigFile.Chassis chassis(String id) {
        return chassis().stream().filter(c -> c.name().equals(id)).findFirst()
                .orElseThrow(() -> RedfishException.of(BaseMessage.ResourceNotFound, "Chassis", id));
    }
}
