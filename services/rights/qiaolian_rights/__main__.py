from qiaolian_chassis.service import serve
from qiaolian_chassis.settings import ServiceSettings

from .app import definition
from .settings import service_id_hash_key

service_id_hash_key(ServiceSettings.for_service("rights"))  # no start without a real key outside dev
serve(definition)
