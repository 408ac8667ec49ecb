"""What the emulated services (the ShopRenter shop, NAV Online Számla) share: a loopback HTTP
server run in a thread. Standard library only; knows nothing of the app."""
