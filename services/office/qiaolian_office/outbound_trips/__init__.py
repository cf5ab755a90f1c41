"""因公出國(境) outbound trips: staff official travel abroad (Hong Kong, Macao and Taiwan included),
from the application through its approval chain and passport custody to the report after return."""
