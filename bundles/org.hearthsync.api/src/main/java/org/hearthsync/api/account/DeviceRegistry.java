package org.hearthsync.api.account;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Every phone Hearth has seen, per account. Durable across restarts. */
@ProviderType
public interface DeviceRegistry {

    /** Records a contact from a device, creating the partnership on first contact; returns the stored state. */
    Device recordContact(String userName, String deviceId, String deviceType, String userAgent, String protocolVersion);

    /** Stores what the phone said about itself in Settings or Provision DeviceInformation. */
    Device updateInformation(String userName, String deviceId, String model, String operatingSystem, String friendlyName);

    Optional<Device> find(String userName, String deviceId);

    List<Device> devices();

    Device setState(String userName, String deviceId, DeviceState state);

    /** Forgets a partnership; the phone's next request starts over as a new device. */
    boolean remove(String userName, String deviceId);
}
