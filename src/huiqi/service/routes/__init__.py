"""The API's routers: open (no login), auth, enterprises, screenings, audit."""
