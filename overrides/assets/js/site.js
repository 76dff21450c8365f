/* Site-wide progressive enhancement. Own code only; nothing is sent anywhere. */
document.documentElement.classList.remove("no-js");
document.documentElement.classList.add("js");
