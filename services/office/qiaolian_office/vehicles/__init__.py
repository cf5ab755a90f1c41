"""公車 vehicles: the fleet of official cars, bookings by staff (book, dispatch, return) and the cars
booked for delegation visits from liaison's events."""
