-- One database per department on the one-host PostgreSQL (compose.yaml); each service migrates its own.
CREATE DATABASE dolisa;
CREATE DATABASE agriculture;
CREATE DATABASE finance;
CREATE DATABASE ethnic;
CREATE DATABASE front;
