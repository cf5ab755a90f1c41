from qiaolian_chassis.service import serve

from .app import definition

serve(definition)
