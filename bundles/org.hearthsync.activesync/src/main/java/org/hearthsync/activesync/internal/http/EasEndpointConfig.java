package org.hearthsync.activesync.internal.http;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Hearth ActiveSync endpoint",
        description = "The /Microsoft-Server-ActiveSync endpoint phones talk to.")
@interface EasEndpointConfig {

    @AttributeDefinition(name = "Largest request (MB)", description = "Larger request bodies are refused with HTTP 413.",
            min = "1", max = "256")
    int max_request_mb() default 32;
}
