package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.kubevirtredfish.api.ComputerSystemApi;
import org.kubevirtredfish.health.ServiceMetrics;
import org.kubevirtredfish.kubevirt.BootMode;
import org.kubevirtredfish.kubevirt.BootOverride;
import org.kubevirtredfish.kubevirt.BootOverrideEnabled;
import org.kubevirtredfish.kubevirt.BootSource;
import org.kubevirtredfish.kubevirt.ExposedSystem;
import org.kubevirtredfish.kubevirt.GatewayException;
import org.kubevirtredfish.kubevirt.KubeVirtGateway;
import org.kubevirtredfish.kubevirt.PowerAction;
import org.kubevirtredfish.kubevirt.ProcessorInventory;
import org.kubevirtredfish.kubevirt.ResetPlanner;
import org.kubevirtredfish.kubevirt.ResetType;
import org.kubevirtredfish.kubevirt.VirtualMachine;
import org.kubevirtredfish.kubevirt.VmId;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishException;

/** A ComputerSystem: one KubeVirt VirtualMachine; its boot override (PATCH) and ComputerSystem.Reset. */
@RequestScoped
public class SystemResource implements ComputerSystemApi {

    static final String RESET = "ComputerSystem.Reset";

    @Inject
    CallerScope scope;

    @Inject
    KubeVirtGateway gateway;

    @Inject
    ServiceMetrics metrics;

    @Inject
    SystemWrites writes;

    @Override
    public Response getSystem(String id) {
        return representation(scope.system(id, "ComputerSystem")).ok();
    }

    @Override
    public Response patchSystem(String id, String body, String ifMatch) {
        VmId vm = scope.system(id, "ComputerSystem").vm().id();
        return writes.locked(vm, () -> {
            CallerScope.VisibleSystem current = scope.system(id, "ComputerSystem");
            Optional<BootOverride> next = BootPatch.apply(body, current.vm().boot(), current.vm().bootableSources());
            Representation before = representation(current);
            before.checkIfMatch(ifMatch);
            if (next.isEmpty()) {
                return before.ok();
            }
            writes.write(vm, before, ifMatch, () -> gateway.setBootOverride(vm, next.get()));
            return representation(scope.system(id, "ComputerSystem")).ok();
        });
    }

    @Override
    public Response resetSystem(String id, String body, String ifMatch) {
        VmId vm = scope.system(id, "ComputerSystem").vm().id();
        ResetType type = resetType(body);
        return writes.locked(vm, () -> {
            CallerScope.VisibleSystem current = scope.system(id, "ComputerSystem");
            Representation before = representation(current);
            before.checkIfMatch(ifMatch);
            writes.write(vm, before, ifMatch, () -> reset(current.vm(), type));
            return Response.noContent().build();
        });
    }

    private void reset(VirtualMachine vm, ResetType type) {
        String result = "failed";
        try {
            Optional<PowerAction> action = ResetPlanner.plan(type, vm.powerState());
            action.ifPresent(a -> gateway.power(vm.id(), a));
            result = action.isPresent() ? "performed" : "unchanged";
        } catch (GatewayException.Conflict | GatewayException.BadRequest e) {
            result = "refused";
            throw e;
        } finally {
            metrics.powerAction(type.name(), result);
        }
    }

    @Override
    public Response getResetActionInfo(String id) {
        scope.system(id, "ComputerSystem");
        ObjectNode info = Json.resource(Uris.system(id) + "/ResetActionInfo", Uris.TYPE_ACTION_INFO,
                "ResetActionInfo", "Reset Action Info");
        ObjectNode parameter = info.putArray("Parameters").addObject();
        parameter.put("Name", "ResetType");
        parameter.put("Required", true);
        parameter.put("DataType", "String");
        parameter.set("AllowableValues", Json.strings(Arrays.asList(ResetType.values())));
        return new Representation(info).ok();
    }

    private static ResetType resetType(String body) {
        RequestBody request = RequestBody.parse(body, false);
        JsonNode value = null;
        for (Map.Entry<String, JsonNode> field : request.json().properties()) {
            if (field.getKey().equals("ResetType")) {
                value = field.getValue();
            } else {
                request.problem(BaseMessage.ActionParameterUnknown.with(RESET, field.getKey()));
            }
        }
        ResetType type = null;
        if (value == null) {
            request.problem(BaseMessage.ActionParameterMissing.with(RESET, "ResetType"));
        } else if (!value.isTextual()) {
            request.problem(BaseMessage.ActionParameterValueTypeError.with(RequestBody.text(value), "ResetType", RESET));
        } else {
            String text = value.asText();
            type = Arrays.stream(ResetType.values()).filter(t -> t.name().equals(text)).findFirst().orElse(null);
            if (type == null) {
                request.problem(BaseMessage.ActionParameterValueNotInList.with(value.asText(), "ResetType", RESET));
            }
        }
        request.throwIfAny();
        return type;
    }

    /** The ComputerSystem payload; its digest is the ETag that If-Match is checked against. */
    Representation representation(CallerScope.VisibleSystem visible) {
        ExposedSystem system = visible.system();
        VirtualMachine vm = visible.vm();
        String uri = Uris.system(system.id());
        ObjectNode o = Json.resource(uri, Uris.TYPE_SYSTEM, system.id(), vm.id().name());
        o.put("Description", "KubeVirt VirtualMachine " + vm.id());
        o.put("SystemType", "Virtual");
        o.put("Manufacturer", "KubeVirt");
        o.put("Model", "VirtualMachine");
        o.put("SerialNumber", vm.serial());
        o.put("UUID", vm.uuid());
        o.put("PowerState", vm.powerState().name());
        o.set("Status", status(vm));
        o.set("Boot", boot(vm));
        o.put("BiosVersion", BiosAttributes.version(vm.firmwareInUse()));
        o.set("Bios", Json.link(BiosResource.uri(system.id())));
        o.set("SecureBoot", Json.link(SecureBootResource.uri(system.id())));
        ObjectNode cpu = o.putObject("ProcessorSummary");
        ProcessorInventory processor = vm.processor();
        // DMTF Count is "the total number of physical central processors": the sockets, one per Processors member.
        // Unknown (an instancetype-sized VM that is off): null, as the schema allows
        cpu.put("Count", processor.known() ? processor.sockets() : null);
        cpu.put("LogicalProcessorCount", vm.cpus() > 0 ? vm.cpus() : null);
        cpu.put("CoreCount", processor.known() ? processor.sockets() * processor.cores() : null);
        cpu.put("Model", processor.model());
        cpu.set("Status", enabledOk());
        ObjectNode memory = o.putObject("MemorySummary");
        memory.put("TotalSystemMemoryGiB", vm.memoryMiB() > 0 ? vm.memoryMiB() / 1024.0 : null);
        memory.set("Status", enabledOk());
        o.set("EthernetInterfaces", Json.link(uri + "/EthernetInterfaces"));
        o.set("VirtualMedia", Json.link(uri + "/VirtualMedia"));
        o.set("Processors", Json.link(uri + "/Processors"));
        o.set("Memory", Json.link(uri + "/Memory"));
        o.set("SimpleStorage", Json.link(uri + "/SimpleStorage"));
        o.set("Storage", Json.link(uri + "/Storage"));
        ObjectNode links = o.putObject("Links");
        Json.linkList(links, "ManagedBy", List.of(Uris.manager(system.id())));
        Set<String> chassis = new TreeSet<>(system.chassis());
        chassis.retainAll(scope.caller().chassis());
        Json.linkList(links, "Chassis", chassis.stream().map(Uris::chassis).toList());
        ObjectNode reset = o.putObject("Actions").putObject("#" + RESET);
        reset.put("target", uri + "/Actions/" + RESET);
        reset.set("ResetType@Redfish.AllowableValues", Json.strings(Arrays.asList(ResetType.values())));
        reset.put("@Redfish.ActionInfo", uri + "/ResetActionInfo");
        ObjectNode oem = o.putObject("Oem").putObject("KubeVirt");
        oem.put("@odata.type", OemSchema.COMPUTER_SYSTEM);
        oem.put("Namespace", vm.id().namespace());
        oem.put("VirtualMachine", vm.id().name());
        oem.put("PrintableStatus", vm.status());
        oem.put("InstanceBootDevice", vm.instanceBootDevice() == null ? null : vm.instanceBootDevice().name());
        oem.put("InstanceId", vm.instanceId());
        oem.put("GuestReboot", vm.guestReboot().name());
        boolean once = vm.boot().enabled() == BootOverrideEnabled.Once && vm.boot().target() != BootSource.None;
        oem.put("GuestRebootBootsOverride", vm.guestReboot().repeats(vm.boot()));
        oem.put("GuestRebootNote", once ? vm.guestReboot().afterOnceBoot(vm.boot().target()) : null);
        return new Representation(o, writes.version(vm.id()));
    }

    private static ObjectNode boot(VirtualMachine vm) {
        ObjectNode boot = Json.object();
        BootOverride b = vm.boot();
        boot.put("BootSourceOverrideTarget", b.target().name());
        ArrayNode targets = boot.putArray("BootSourceOverrideTarget@Redfish.AllowableValues");
        targets.add(BootSource.None.name());
        Arrays.stream(BootSource.values()).filter(vm.bootableSources()::contains).forEach(s -> targets.add(s.name()));
        boot.put("BootSourceOverrideEnabled", b.enabled().name());
        boot.set("BootSourceOverrideEnabled@Redfish.AllowableValues",
                Json.strings(Arrays.asList(BootOverrideEnabled.values())));
        boot.put("BootSourceOverrideMode", b.mode().name());
        boot.set("BootSourceOverrideMode@Redfish.AllowableValues", Json.strings(Arrays.asList(BootMode.values())));
        return boot;
    }

    private static final Set<String> FAILED = Set.of("CrashLoopBackOff", "ErrorUnschedulable", "ErrImagePull",
            "ImagePullBackOff", "ErrorPvcNotFound", "DataVolumeError", "Unknown");

    private static ObjectNode enabledOk() {
        ObjectNode status = Json.object();
        status.put("State", "Enabled");
        status.put("Health", "OK");
        return status;
    }

    private static ObjectNode status(VirtualMachine vm) {
        ObjectNode status = Json.object();
        status.put("State", switch (vm.powerState()) {
            case On -> "Enabled";
            case Off -> "StandbyOffline";
            case PoweringOn -> "Starting";
            case PoweringOff -> "Disabled";
            case Paused -> "Quiesced";
        });
        String health = FAILED.contains(vm.status()) ? "Critical" : "OK";
        status.put("Health", health);
        status.put("HealthRollup", health);
        return status;
    }

}
