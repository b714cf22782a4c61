import GatehouseCore

