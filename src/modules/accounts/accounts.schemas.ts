import Joi from 'joi';
import { ROLES } from '../../shared/actor.js';
import { id } from '../../shared/http/schemas.js';
import type { NewUser, UserChanges } from './users.js';

const username = () =>
  Joi.string()
    .trim()
    .lowercase()
    .pattern(/^[a-z0-9._-]{3,64}$/)
    .rule({ message: { 'string.pattern.base': '{{#label}} must be 3–64 characters: letters, digits, dot, dash or underscore' } });

export const password = () => Joi.string().min(10).max(200);

export const loginBody = Joi.object<{ username: string; password: string }>({
  username: Joi.string().trim().max(64).required(),
  password: Joi.string().max(200).required(),
}).required();

export const createUserBody = Joi.object<NewUser>({
  username: username().required(),
  password: password().required(),
  role: Joi.string()
    .valid(...ROLES)
    .required(),
  venueIds: Joi.array().items(id()).max(200).default([]),
  districts: Joi.array().items(Joi.string().trim().min(1).max(32)).max(50).default([]),
  displayName: Joi.string().trim().max(100).allow(null),
}).required();

export const updateUserBody = Joi.object<UserChanges>({
  role: Joi.string().valid(...ROLES),
  venueIds: Joi.array().items(id()).max(200),
  districts: Joi.array().items(Joi.string().trim().min(1).max(32)).max(50),
  disabled: Joi.boolean(),
  password: password(),
  displayName: Joi.string().trim().max(100).allow(null),
})
  .min(1)
  .required();
