package org.kubevirtredfish.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.kubevirtredfish.api.ProcessorApi;
import org.kubevirtredfish.kubevirt.ProcessorInventory;
import org.kubevirtredfish.message.BaseMessage;
import org.kubevirtredfish.message.RedfishException;

/**
 * A system's processors: one per virtual CPU socket. Ironic's redfish inspection (ironic 21.4
 * drivers/modules/redfish/inspect.py, inspect_hardware) reads {@code system.processors.summary}: sushy 4.3
 * (resources/system/processor.py, ProcessorCollection.summary) sums every member's {@code TotalThreads} into the
 * node's {@code cpus} and takes the first {@code ProcessorArchitecture} as its {@code cpu_arch}.
 */
@RequestScoped
public class ProcessorResource implements ProcessorApi {

    @Inject
    CallerScope scope;

    @Override
    public Response listProcessors(String systemId) {
        CallerScope.VisibleSystem s = scope.system(systemId, "ComputerSystem");
        String uri = Uris.system(s.system().id()) + "/Processors";
        List<String> members = new ArrayList<>();
        for (int socket = 0; socket < sockets(s.vm().processor()); socket++) {
            members.add(uri + "/" + id(socket));
        }
        return new Representation(Json.collection(uri, Uris.TYPE_PROCESSORS, "Processor Collection", members)).ok();
    }

    @Override
    public Response getProcessor(String systemId, String processorId) {
        CallerScope.VisibleSystem s = scope.system(systemId, "ComputerSystem");
        ProcessorInventory cpu = s.vm().processor();
        int socket = socket(processorId, sockets(cpu));
        String uri = Uris.system(s.system().id()) + "/Processors/" + processorId;
        ObjectNode o = Json.resource(uri, Uris.TYPE_PROCESSOR, processorId, "Processor " + socket);
        o.put("Description", "Virtual CPU socket " + socket + " of the VirtualMachine" + (cpu.known()
                ? " (" + cpu.sockets() + " socket(s) x " + cpu.cores() + " core(s) x " + cpu.threads() + " thread(s))"
                : "; its topology comes from an instancetype and is known once the VM runs"));
        o.put("Socket", processorId);
        o.put("ProcessorType", "CPU");
        Architecture arch = Architecture.of(cpu.architecture());
        o.put("ProcessorArchitecture", arch == null ? null : arch.processorArchitecture);
        o.put("InstructionSet", arch == null ? null : arch.instructionSet);
        o.put("Model", cpu.model());
        o.put("TotalCores", cpu.known() ? cpu.cores() : null);
        o.put("TotalThreads", cpu.known() ? cpu.cores() * cpu.threads() : null);
        o.set("Status", Inventory.enabledOk());
        return new Representation(o).ok();
    }

    /** One processor while the topology is unknown, so that the architecture is still served. */
    private static int sockets(ProcessorInventory cpu) {
        return cpu.known() ? cpu.sockets() : 1;
    }

    private static String id(int socket) {
        return "CPU" + socket;
    }

    private static int socket(String processorId, int sockets) {
        for (int socket = 0; socket < sockets; socket++) {
            if (id(socket).equals(processorId)) {
                return socket;
            }
        }
        throw RedfishException.of(BaseMessage.ResourceNotFound, "Processor", processorId);
    }

    /**
     * KubeVirt's architectures as the DMTF Processor enums (Processor.v1_22_0 ProcessorArchitecture and
     * InstructionSet): DMTF has no z/Architecture value, so s390x reads OEM.
     */
    enum Architecture {
        AMD64("amd64", "x86", "x86-64"),
        ARM64("arm64", "ARM", "ARM-A64"),
        S390X("s390x", "OEM", "OEM");

        final String kubevirt;
        final String processorArchitecture;
        final String instructionSet;

        Architecture(String kubevirt, String processorArchitecture, String instructionSet) {
            this.kubevirt = kubevirt;
            this.processorArchitecture = processorArchitecture;
            this.instructionSet = instructionSet;
        }

        /** The architecture of KubeVirt's name, or null (none, or one this service does not know). */
        static Architecture of(String kubevirt) {
            for (Architecture a : values()) {
                if (a.kubevirt.equals(kubevirt)) {
                    return a;
                }
            }
            return null;
        }
    }
}
