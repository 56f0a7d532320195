package org.kubevirtredfish.resource;

/** Every URI this service serves, and the {@code @odata.type} of every payload, in one place. */
final class Uris {

    static final String ROOT = "/redfish/v1/";
    static final String SYSTEMS = "/redfish/v1/Systems";
    static final String MANAGERS = "/redfish/v1/Managers";
    static final String CHASSIS = "/redfish/v1/Chassis";
    static final String SESSION_SERVICE = "/redfish/v1/SessionService";
    static final String SESSIONS = "/redfish/v1/SessionService/Sessions";
    static final String ACCOUNT_SERVICE = "/redfish/v1/AccountService";
    static final String ACCOUNTS = "/redfish/v1/AccountService/Accounts";
    static final String ROLES = "/redfish/v1/AccountService/Roles";
    static final String EVENT_SERVICE = "/redfish/v1/EventService";
    static final String SUBSCRIPTIONS = "/redfish/v1/EventService/Subscriptions";
    static final String EVENT_STREAM = "/redfish/v1/EventService/SSE";
    /** The only virtual media slot of a system. */
    static final String CD = "Cd";

    static final String TYPE_SERVICE_ROOT = "#ServiceRoot.v1_20_0.ServiceRoot";
    static final String TYPE_SYSTEM = "#ComputerSystem.v1_27_0.ComputerSystem";
    static final String TYPE_SYSTEMS = "#ComputerSystemCollection.ComputerSystemCollection";
    static final String TYPE_ACTION_INFO = "#ActionInfo.v1_5_0.ActionInfo";
    static final String TYPE_ETHERNET = "#EthernetInterface.v1_12_4.EthernetInterface";
    static final String TYPE_ETHERNETS = "#EthernetInterfaceCollection.EthernetInterfaceCollection";
    static final String TYPE_MANAGER = "#Manager.v1_24_0.Manager";
    static final String TYPE_MANAGERS = "#ManagerCollection.ManagerCollection";
    static final String TYPE_MEDIA = "#VirtualMedia.v1_6_5.VirtualMedia";
    static final String TYPE_MEDIAS = "#VirtualMediaCollection.VirtualMediaCollection";
    static final String TYPE_CHASSIS = "#Chassis.v1_28_0.Chassis";
    static final String TYPE_CHASSIS_COLLECTION = "#ChassisCollection.ChassisCollection";
    static final String TYPE_SESSION_SERVICE = "#SessionService.v1_2_0.SessionService";
    static final String TYPE_SESSION = "#Session.v1_8_0.Session";
    static final String TYPE_SESSIONS = "#SessionCollection.SessionCollection";
    static final String TYPE_ACCOUNT_SERVICE = "#AccountService.v1_18_1.AccountService";
    static final String TYPE_ACCOUNT = "#ManagerAccount.v1_14_1.ManagerAccount";
    static final String TYPE_ACCOUNTS = "#ManagerAccountCollection.ManagerAccountCollection";
    static final String TYPE_ROLE = "#Role.v1_3_3.Role";
    static final String TYPE_ROLES = "#RoleCollection.RoleCollection";
    static final String TYPE_PROCESSOR = "#Processor.v1_22_0.Processor";
    static final String TYPE_PROCESSORS = "#ProcessorCollection.ProcessorCollection";
    static final String TYPE_MEMORY = "#Memory.v1_23_0.Memory";
    static final String TYPE_MEMORIES = "#MemoryCollection.MemoryCollection";
    static final String TYPE_SIMPLE_STORAGE = "#SimpleStorage.v1_3_2.SimpleStorage";
    static final String TYPE_SIMPLE_STORAGES = "#SimpleStorageCollection.SimpleStorageCollection";
    static final String TYPE_STORAGE = "#Storage.v1_21_0.Storage";
    static final String TYPE_STORAGES = "#StorageCollection.StorageCollection";
    static final String TYPE_DRIVE = "#Drive.v1_22_0.Drive";
    static final String TYPE_STORAGE_CONTROLLER = "#StorageController.v1_11_0.StorageController";
    static final String TYPE_STORAGE_CONTROLLERS = "#StorageControllerCollection.StorageControllerCollection";
    static final String TYPE_VOLUME = "#Volume.v1_10_2.Volume";
    static final String TYPE_VOLUMES = "#VolumeCollection.VolumeCollection";
    /** The id of a system's one virtual storage subsystem and of its one simple storage controller. */
    static final String STORAGE_ID = "1";
    static final String TYPE_EVENT_SERVICE = "#EventService.v1_12_0.EventService";
    static final String TYPE_SUBSCRIPTION = "#EventDestination.v1_16_0.EventDestination";
    static final String TYPE_SUBSCRIPTIONS = "#EventDestinationCollection.EventDestinationCollection";

    private Uris() {
    }

    static String system(String id) {
        return SYSTEMS + "/" + id;
    }

    static String storage(String systemId) {
        return system(systemId) + "/Storage/" + STORAGE_ID;
    }

    static String manager(String id) {
        return MANAGERS + "/" + id;
    }

    static String chassis(String name) {
        return CHASSIS + "/" + name;
    }

    static String session(String id) {
        return SESSIONS + "/" + id;
    }

    static String account(String username) {
        return ACCOUNTS + "/" + username;
    }

    static String subscription(String id) {
        return SUBSCRIPTIONS + "/" + id;
    }

    static String role(String roleId) {
        return ROLES + "/" + roleId;
    }
}
